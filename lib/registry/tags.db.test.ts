import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { createTestApiKey, createTestUser, createTestWorkspace, setupPrincipal, type TTestWorkspace } from "../testing/builders";
import { callRoute, signIn, type TCredentials } from "../testing/http";
import { randomSlug } from "../testing/ids";
import { discoverRoutes, type TDiscoveredRoute } from "../testing/routes";
import { saveSkillVersion } from "./save-version";

// Dist-tags and deprecation through the real route handlers: protection is enforced by the API.

const routes = new Map<string, TDiscoveredRoute>();
let ws: TTestWorkspace;
let publisher: TCredentials;
let publisherKey: TCredentials;
let admin: TCredentials;

beforeAll(async () => {
  for (const r of await discoverRoutes()) routes.set(r.key, r);
  ws = await createTestWorkspace();
  const p = await createTestUser({ workspace: ws, role: "publisher" });
  publisher = { cookie: await signIn(p.email, p.password!) };
  publisherKey = { apiKey: (await createTestApiKey({ workspace: ws, role: "publisher" })).key };
  const a = await createTestUser({ workspace: ws, role: "admin" });
  admin = { cookie: await signIn(a.email, a.password!) };
});

const skillMd = (name: string, body: string) => `---\nname: ${name}\ndescription: Tag test skill.\n---\n\n# Tags\n\n${body}\n`;

async function twoVersionSkill(): Promise<string> {
  const name = randomSlug("tags");
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name, description: "Tag test skill." } });
  for (const [version, body] of [["1.0.0", "One."], ["1.1.0", "Two."]] as const) {
    await saveSkillVersion({ id: skill.id, name, workspaceId: ws.id }, setupPrincipal(ws), { version, files: { "SKILL.md": skillMd(name, body) }, changelog: version, origin: { kind: "test" }, lint: [] });
  }
  return name;
}

function call(method: string, path: string, params: Record<string, string>, creds: TCredentials, body?: unknown): Promise<Response> {
  const key = `${method} ${path}`;
  const r = routes.get(key);
  if (!r) throw new Error(`no route ${key}`);
  return callRoute(r.handler, { method, path, params: { ws: ws.slug, ...params }, creds, body });
}
const TAG = "/api/w/[ws]/skills/[name]/tags/[tag]";
const PROTECT = "/api/w/[ws]/skills/[name]/tags/[tag]/protection";
const DEPRECATE = "/api/w/[ws]/skills/[name]/versions/[version]/deprecate";

async function tagsOf(name: string): Promise<Record<string, { version: string; protected: boolean }>> {
  const res = await call("GET", "/api/w/[ws]/skills/[name]/tags", { name }, publisher);
  const { tags } = (await res.json()) as { tags: { name: string; version: string; protected: boolean }[] };
  return Object.fromEntries(tags.map((t) => [t.name, { version: t.version, protected: t.protected }]));
}

describe("dist-tags", () => {
  it("lets a publisher create and move a custom tag, audited", async () => {
    const name = await twoVersionSkill();
    expect((await call("PUT", TAG, { name, tag: "stable" }, publisher, { version: "1.0.0" })).status).toBe(200);
    expect((await call("PUT", TAG, { name, tag: "stable" }, publisherKey, { version: "1.1.0" })).status).toBe(200);
    expect(await tagsOf(name)).toMatchObject({ latest: { version: "1.1.0" }, stable: { version: "1.1.0", protected: false } });
    const actions = (await db().auditEvent.findMany({ where: { workspaceId: ws.id, action: { startsWith: "skill.tag." }, after: { path: ["skill"], equals: name } }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["skill.tag.create", "skill.tag.move"]);
  });

  it("refuses a publisher moving or deleting a protected tag (403); an admin can", async () => {
    const name = await twoVersionSkill();
    await call("PUT", TAG, { name, tag: "production" }, publisher, { version: "1.0.0" });
    expect((await call("PUT", PROTECT, { name, tag: "production" }, publisher, { protected: true })).status).toBe(403);
    expect((await call("PUT", PROTECT, { name, tag: "production" }, admin, { protected: true })).status).toBe(200);

    const moved = await call("PUT", TAG, { name, tag: "production" }, publisher, { version: "1.1.0" });
    expect(moved.status).toBe(403);
    expect(((await moved.json()) as { error: { code: string } }).error.code).toBe("forbidden:protected_tag");
    expect((await call("PUT", TAG, { name, tag: "production" }, publisherKey, { version: "1.1.0" })).status).toBe(403);
    expect((await call("DELETE", TAG, { name, tag: "production" }, publisher)).status).toBe(403);
    expect((await tagsOf(name)).production).toEqual({ version: "1.0.0", protected: true });

    expect((await call("PUT", TAG, { name, tag: "production" }, admin, { version: "1.1.0" })).status).toBe(200);
    expect((await tagsOf(name)).production).toEqual({ version: "1.1.0", protected: true });
    expect((await call("DELETE", TAG, { name, tag: "production" }, admin)).status).toBe(204);
    expect((await tagsOf(name)).production).toBeUndefined();
  });

  it("never deletes latest, and refuses tag names that look like versions", async () => {
    const name = await twoVersionSkill();
    const res = await call("DELETE", TAG, { name, tag: "latest" }, admin);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_input:latest_tag");
    expect((await call("PUT", TAG, { name, tag: "1.0.0" }, admin, { version: "1.0.0" })).status).toBe(400);
    expect((await call("PUT", TAG, { name, tag: "stable" }, admin, { version: "9.9.9" })).status).toBe(404);
  });
});

describe("deprecate", () => {
  it("sets and clears a version's deprecation message, audited", async () => {
    const name = await twoVersionSkill();
    expect((await call("PUT", DEPRECATE, { name, version: "1.0.0" }, publisher, { message: "Broken formula advice; use 1.1.0." })).status).toBe(200);
    const row = await db().skillVersion.findFirstOrThrow({ where: { version: "1.0.0", skill: { workspaceId: ws.id, name } } });
    expect(row.deprecatedMessage).toBe("Broken formula advice; use 1.1.0.");
    expect((await call("PUT", DEPRECATE, { name, version: "1.0.0" }, publisher, { message: "  " })).status).toBe(400);
    expect((await call("DELETE", DEPRECATE, { name, version: "1.0.0" }, publisher)).status).toBe(200);
    expect((await db().skillVersion.findUniqueOrThrow({ where: { id: row.id } })).deprecatedMessage).toBeNull();
    const actions = (await db().auditEvent.findMany({ where: { entityId: row.id, action: { in: ["skill.version.deprecate", "skill.version.undeprecate"] } }, orderBy: { at: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["skill.version.deprecate", "skill.version.undeprecate"]);
  });
});
