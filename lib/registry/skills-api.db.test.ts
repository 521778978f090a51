import { strToU8, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl } from "../env";
import { createTestUser, createTestWorkspace, type TTestWorkspace } from "../testing/builders";
import { callRoute, credentialHeaders, signIn, type TCredentials } from "../testing/http";
import { randomSlug } from "../testing/ids";
import { discoverRoutes, type TDiscoveredRoute } from "../testing/routes";

// The skills API through its real route handlers: create, the three import bodies (JSON, raw zip,
// multipart folder), a skill with versions and tags, a version's files and its lint.

const routes = new Map<string, TDiscoveredRoute>();
let ws: TTestWorkspace;
let curator: TCredentials;
const route = (key: string) => routes.get(key)!.handler;
const skillMd = (name: string) => `---\nname: ${name}\ndescription: API test skill.\n---\n\n# API\n\nSee [notes](references/notes.md).\n`;

beforeAll(async () => {
  for (const r of await discoverRoutes()) routes.set(r.key, r);
  ws = await createTestWorkspace();
  const user = await createTestUser({ workspace: ws, role: "curator" });
  curator = { cookie: await signIn(user.email, user.password!) };
});

async function postRaw(body: BodyInit, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = { ...credentialHeaders(curator) };
  if (contentType) headers["content-type"] = contentType;
  const req = new Request(new URL(`/api/w/${ws.slug}/skills/import`, baseUrl()), { method: "POST", headers, body });
  return route("POST /api/w/[ws]/skills/import")(req, { params: Promise.resolve({ ws: ws.slug }) });
}

describe("skills API", () => {
  it("creates a skill, lists it, shows it with versions and tags, its files and lint", async () => {
    const name = randomSlug("api");
    const created = await callRoute(route("POST /api/w/[ws]/skills"), { method: "POST", path: "/api/w/[ws]/skills", params: { ws: ws.slug }, body: { name, description: "Made through the API." }, creds: curator });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ skill: { name }, version: { version: "0.1.0" } });

    const list = await (await callRoute(route("GET /api/w/[ws]/skills"), { method: "GET", path: "/api/w/[ws]/skills", params: { ws: ws.slug }, creds: curator })).json();
    expect(list.skills).toContainEqual(expect.objectContaining({ name, latestVersion: "0.1.0", lint: { errors: 0, warnings: 0 } }));

    const detail = await (await callRoute(route("GET /api/w/[ws]/skills/[name]"), { method: "GET", path: "/api/w/[ws]/skills/[name]", params: { ws: ws.slug, name }, creds: curator })).json();
    expect(detail.skill).toMatchObject({ name, versions: [{ version: "0.1.0" }], tags: [{ name: "latest", version: "0.1.0" }] });

    const files = await (await callRoute(route("GET /api/w/[ws]/skills/[name]/versions/[version]/files"), { method: "GET", path: "/api/w/[ws]/skills/[name]/versions/[version]/files", params: { ws: ws.slug, name, version: "latest" }, creds: curator })).json();
    expect(files).toMatchObject({ version: "0.1.0", files: [{ path: "SKILL.md", content: expect.stringContaining(`name: ${name}`) }] });

    const lint = await (await callRoute(route("GET /api/w/[ws]/skills/[name]/versions/[version]/lint"), { method: "GET", path: "/api/w/[ws]/skills/[name]/versions/[version]/lint", params: { ws: ws.slug, name, version: "0.1.0" }, creds: curator })).json();
    expect(lint).toEqual({ version: "0.1.0", findings: [] });
  });

  it("answers 400 with the field for an invalid name, 409 for a taken one", async () => {
    const bad = await callRoute(route("POST /api/w/[ws]/skills"), { method: "POST", path: "/api/w/[ws]/skills", params: { ws: ws.slug }, body: { name: "Not Kebab", description: "x" }, creds: curator });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([expect.objectContaining({ path: "name" })]);
    const name = randomSlug("taken");
    const body = { name, description: "Once." };
    await callRoute(route("POST /api/w/[ws]/skills"), { method: "POST", path: "/api/w/[ws]/skills", params: { ws: ws.slug }, body, creds: curator });
    const again = await callRoute(route("POST /api/w/[ws]/skills"), { method: "POST", path: "/api/w/[ws]/skills", params: { ws: ws.slug }, body, creds: curator });
    expect(again.status).toBe(409);
  });

  it("imports a raw .zip body larger than route()'s 2 MB JSON limit would allow as JSON", async () => {
    const name = randomSlug("rawzip");
    // Random-ish text so it does not compress away: the body is well over 2 MB.
    const filler = Array.from({ length: 12 }, (_, i) => `# Part ${i}\n\n${Array.from({ length: 4000 }, (_, j) => `${(i * 7919 + j * 104729) % 1000003} `).join("")}\n`);
    const files: Record<string, Uint8Array> = { "SKILL.md": strToU8(skillMd(name)), "references/notes.md": strToU8("# Notes\n\nx\n") };
    filler.forEach((t, i) => (files[`scripts/data${i}.txt`] = strToU8(t.repeat(8))));
    const bytes = zipSync(files, { level: 0 });
    expect(bytes.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    const res = await postRaw(bytes as BodyInit, "application/zip");
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await res.json()).skill.name).toBe(name);
  });

  it("imports a multipart folder upload whose filenames are relative paths", async () => {
    const name = randomSlug("multi");
    const form = new FormData();
    form.append("file", new Blob([skillMd(name)]), `${name}/SKILL.md`);
    form.append("file", new Blob(["# Notes\n\nFrom a folder.\n"]), `${name}/references/notes.md`);
    const res = await postRaw(form);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ created: true, skill: { name }, version: { version: "1.0.0" }, warnings: [] });
  });

  it("imports a raw SKILL.md; refuses a zip-slip archive with 400 naming the path", async () => {
    const name = randomSlug("rawmd");
    const md = await postRaw(`---\nname: ${name}\ndescription: Raw.\n---\n\n# Raw\n\nText.\n`, "text/markdown");
    expect(md.status).toBe(201);
    const evil = zipSync({ "SKILL.md": strToU8(skillMd(randomSlug("evil"))), "../outside.md": strToU8("x") });
    const res = await postRaw(evil as BodyInit, "application/zip");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "invalid_input:skill_folder", details: [expect.objectContaining({ path: "../outside.md", code: "unsafe_path" })] });
    expect(body.error.message).toContain("../outside.md");
  });

  it("answers 413 for an upload over the size cap without reading it all", async () => {
    const res = await postRaw(new Uint8Array(12 * 1024 * 1024) as BodyInit, "application/zip");
    expect(res.status).toBe(413);
  });
});
