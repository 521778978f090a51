import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db/client";
import { setupPrincipal, type TTestWorkspace } from "../testing/builders";
import { callRoute, type TCredentials } from "../testing/http";
import { randomSlug } from "../testing/ids";
import { createRegistryCallers } from "../testing/registry-callers";
import { discoverRoutes, type TDiscoveredRoute } from "../testing/routes";
import { flushDownloadCounts } from "./download-counts";
import { ZPullManifest } from "./pull-schema";
import { saveSkillVersion } from "./save-version";
import { setDeprecation } from "./tags";

// The pull API through its route handlers: who may read, ETag/304, Cache-Control, deprecation
// headers, deterministic archives and download counts.

const routes = new Map<string, TDiscoveredRoute>();
let priv: TTestWorkspace;
let pub: TTestWorkspace;
let viewerKey: TCredentials;
let foreignKey: TCredentials;
let member: TCredentials;

const MANIFEST = "/api/registry/[ws]/skills/[name]/[ref]";
const ARCHIVE = "/api/registry/[ws]/skills/[name]/[ref]/archive.zip";

beforeAll(async () => {
  for (const r of await discoverRoutes()) routes.set(r.key, r);
  ({ priv, pub, viewerKey, foreignKey, member } = await createRegistryCallers());
});

async function publish(ws: TTestWorkspace, versions: string[] = ["1.0.0"]): Promise<string> {
  const name = randomSlug("pull");
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name, description: "Pull test skill." } });
  for (const version of versions) {
    const files = { "SKILL.md": `---\nname: ${name}\ndescription: Pull test skill.\n---\n\n# Pull ${version}\n`, "references/notes.md": `Notes for ${version}: ünïcode ✓\n` };
    await saveSkillVersion({ id: skill.id, name, workspaceId: ws.id }, setupPrincipal(ws), { version, files, changelog: `Release ${version}`, origin: { kind: "test" }, lint: [] });
  }
  return name;
}

function get(path: string, params: Record<string, string>, creds?: TCredentials, headers: Record<string, string> = {}): Promise<Response> {
  const r = routes.get(`GET ${path}`)!;
  const req = new Request(new URL(path.replace(/\[([^\]]+)\]/g, (_, k: string) => encodeURIComponent(params[k]!)), "http://localhost:3000"), {
    headers: { ...headers, ...(creds ? ("cookie" in creds ? { cookie: creds.cookie } : { authorization: `Bearer ${creds.apiKey}` }) : {}) },
  });
  return r.handler(req, { params: Promise.resolve(params) });
}

describe("pull API access", () => {
  it("needs a key of the workspace when it is private: 401 without, 403 with another workspace's", async () => {
    const name = await publish(priv);
    const params = { ws: priv.slug, name, ref: "1.0.0" };
    expect((await get(MANIFEST, params)).status).toBe(401);
    expect((await get(ARCHIVE, params)).status).toBe(401);
    expect((await get(MANIFEST, params, foreignKey)).status).toBe(403);
    expect((await get(MANIFEST, params, { apiKey: "t2s_not_a_key" })).status).toBe(401);
    expect((await get(MANIFEST, params, viewerKey)).status).toBe(200);
    expect((await get(MANIFEST, params, member)).status).toBe(200);
    expect((await get("/api/registry/[ws]/skills", { ws: priv.slug }, viewerKey)).headers.get("cache-control")).toBe("private, max-age=60, must-revalidate");
  });

  it("remembers an invalid key's refusal: a client retrying it costs no key lookup each time", async () => {
    const name = await publish(priv);
    const params = { ws: priv.slug, name, ref: "1.0.0" };
    const bad = { apiKey: `t2s_retried_${randomSlug("k")}` };
    const lookups = vi.spyOn(db().apiKey, "findUnique");
    try {
      for (let i = 0; i < 3; i++) expect((await get(MANIFEST, params, bad)).status).toBe(401);
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it("serves a public workspace anonymously, and with any key", async () => {
    const name = await publish(pub);
    const list = await get("/api/registry/[ws]/skills", { ws: pub.slug });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { skills: { name: string }[] }).skills.map((s) => s.name)).toContain(name);
    expect((await get(MANIFEST, { ws: pub.slug, name, ref: "latest" })).status).toBe(200);
    expect((await get(MANIFEST, { ws: pub.slug, name, ref: "latest" }, foreignKey)).status).toBe(200);
    expect((await get(ARCHIVE, { ws: pub.slug, name, ref: "1.0.0" })).status).toBe(200);
    expect((await get(MANIFEST, { ws: pub.slug, name, ref: "2.0.0" })).status).toBe(404);
  });
});

describe("pull API caching", () => {
  it("gives a version's archive an immutable Cache-Control and the content hash as ETag; 304 on If-None-Match", async () => {
    const name = await publish(pub);
    const params = { ws: pub.slug, name, ref: "1.0.0" };
    const res = await get(ARCHIVE, params);
    const manifest = ZPullManifest.parse(await (await get(MANIFEST, params)).json());
    expect(res.headers.get("etag")).toBe(`"${manifest.contentHash}"`);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-type")).toBe("application/zip");
    const again = await get(ARCHIVE, params, undefined, { "if-none-match": res.headers.get("etag")! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // By tag the same bytes, but only briefly cacheable: the tag may move.
    expect((await get(ARCHIVE, { ...params, ref: "latest" })).headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
  });

  it("revalidates manifests by ETag, which changes when the version is deprecated or a tag moves", async () => {
    const name = await publish(pub, ["1.0.0", "1.1.0"]);
    const params = { ws: pub.slug, name, ref: "1.0.0" };
    const first = await get(MANIFEST, params);
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, must-revalidate");
    expect((await get(MANIFEST, params, undefined, { "if-none-match": `W/${etag}, "other"` })).status).toBe(304);
    const body = ZPullManifest.parse(await first.json());
    expect(body).toMatchObject({ name, version: "1.0.0", description: "Pull test skill.", deprecated: null, tags: [], changelog: "Release 1.0.0" });
    expect(body.files.map((f) => f.path)).toEqual(["SKILL.md", "references/notes.md"]);
    expect(ZPullManifest.parse(await (await get(MANIFEST, { ...params, ref: "latest" })).json())).toMatchObject({ version: "1.1.0", tags: ["latest"] });

    await setDeprecation({ workspace: { ...pub, isPublic: true }, role: "publisher" }, setupPrincipal(pub), name, "1.0.0", "Use 1.1.0 — fixes the “totals” advice.");
    const after = await get(MANIFEST, params, undefined, { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("warning")).toMatch(/^299 - "Deprecated: Use 1\.1\.0/);
    expect(decodeURIComponent(after.headers.get("x-deprecated")!)).toBe("Use 1.1.0 — fixes the “totals” advice.");
    expect(ZPullManifest.parse(await after.json()).deprecated).toBe("Use 1.1.0 — fixes the “totals” advice.");
    expect((await get(ARCHIVE, params)).headers.get("x-deprecated")).toBeTruthy();
  });
});

describe("pull API archive", () => {
  it("zips the folder <name>/… with the same bytes every time, and counts full downloads", async () => {
    const name = await publish(pub);
    const params = { ws: pub.slug, name, ref: "1.0.0" };
    const a = new Uint8Array(await (await get(ARCHIVE, params)).arrayBuffer());
    const b = new Uint8Array(await (await get(ARCHIVE, { ...params, ref: "latest" })).arrayBuffer());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Object.keys(unzipSync(a))).toEqual([`${name}/SKILL.md`, `${name}/references/notes.md`]);
    await get(ARCHIVE, params, undefined, { "if-none-match": "*" });
    await flushDownloadCounts();
    const row = await db().skillVersion.findFirstOrThrow({ where: { version: "1.0.0", skill: { name } } });
    expect(row.downloadCount).toBe(2);
    const skill = (await (await get("/api/registry/[ws]/skills/[name]", { ws: pub.slug, name })).json()) as { versions: { version: string; downloads: number }[]; tags: Record<string, string> };
    expect(skill).toMatchObject({ tags: { latest: "1.0.0" }, versions: [{ version: "1.0.0", downloads: 2 }] });
  });
});
