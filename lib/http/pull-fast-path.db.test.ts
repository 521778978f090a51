import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { saveSkillVersion } from "../registry/save-version";
import { setDeprecation, setTag } from "../registry/tags";
import { setupPrincipal, type TTestWorkspace } from "../testing/builders";
import { credentialHeaders, type TCredentials } from "../testing/http";
import { randomSlug } from "../testing/ids";
import { createRegistryCallers } from "../testing/registry-callers";
import { discoverRoutes, type TDiscoveredRoute } from "../testing/routes";
import { servePullFast } from "./pull-fast-path";
import securityHeaders from "./security-headers.json";

// The web server's fast path answers pulls exactly as the Next route handlers do: the same status,
// body and headers for the same request (incl. 304, 401, 403, 404, 400 and deprecation), plus what
// Next adds to every response; anything that is not a pull GET/HEAD is left to Next.

const NOT_MINE = 599;
const routes = new Map<string, TDiscoveredRoute>();
let server: http.Server;
let port: number;
let priv: TTestWorkspace;
let pub: TTestWorkspace;
let viewerKey: TCredentials;
let foreignKey: TCredentials;
let member: TCredentials;
let name: string;
let pubName: string;

async function publish(ws: TTestWorkspace, versions: string[]): Promise<string> {
  const skill = randomSlug("fast");
  const row = await db().skill.create({ data: { workspaceId: ws.id, name: skill, description: "Fast path test skill." } });
  for (const version of versions) {
    const files = { "SKILL.md": `---\nname: ${skill}\ndescription: Fast path test skill.\n---\n\n# Fast ${version}\n`, "references/notes.md": `Notes ✓ ${version}\n` };
    // A changelog long enough that the manifest is worth compressing.
    await saveSkillVersion({ id: row.id, name: skill, workspaceId: ws.id }, setupPrincipal(ws), { version, files, changelog: `Release ${version}. ${"Details. ".repeat(200)}`, origin: { kind: "test" }, lint: [] });
  }
  return skill;
}

beforeAll(async () => {
  for (const r of await discoverRoutes()) routes.set(r.key, r);
  ({ priv, pub, viewerKey, foreignKey, member } = await createRegistryCallers());
  name = await publish(priv, ["1.0.0", "1.1.0"]);
  pubName = await publish(pub, ["2.0.0"]);
  server = http.createServer((req, res) => {
    servePullFast(req, res).then(
      (answered) => void (answered || res.writeHead(NOT_MINE).end()),
      (e: unknown) => void res.writeHead(500).end(String(e)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type TReply = { status: number; headers: Record<string, string>; body: Buffer };

/** A request over the wire to the fast path (no Accept-Encoding unless given). */
function viaFastPath(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<TReply> {
  return new Promise((resolve, reject) => {
    // Options, not a URL string: a URL would normalise the dot segments this test sends on purpose.
    const req = http.request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The same request to the app/api route handler, the way Next calls it. */
async function viaRoute(path: string, headers: Record<string, string> = {}): Promise<TReply> {
  const parts = path.split("/").map(decodeURIComponent);
  const [pattern, params] =
    parts.length === 8 ? ["/api/registry/[ws]/skills/[name]/[ref]/archive.zip", { ws: parts[3]!, name: parts[5]!, ref: parts[6]! }]
    : parts.length === 7 ? ["/api/registry/[ws]/skills/[name]/[ref]", { ws: parts[3]!, name: parts[5]!, ref: parts[6]! }]
    : parts.length === 6 ? ["/api/registry/[ws]/skills/[name]", { ws: parts[3]!, name: parts[5]! }]
    : ["/api/registry/[ws]/skills", { ws: parts[3]! }];
  const res = await routes.get(`GET ${pattern}`)!.handler(new Request(`http://localhost:3000${path}`, { headers }), { params: Promise.resolve(params) });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
}

async function expectSameAnswer(path: string, creds: TCredentials, extra: Record<string, string> = {}): Promise<TReply> {
  const headers = { ...credentialHeaders(creds), ...extra };
  const [route, fast] = await Promise.all([viaRoute(path, headers), viaFastPath(path, headers)]);
  expect(fast.status, path).toBe(route.status);
  expect(fast.body.equals(route.body), `${path}: same body`).toBe(true);
  for (const [k, v] of Object.entries(route.headers)) {
    const expected = k === "vary" && route.headers["content-type"]?.startsWith("application/json") ? `${v}, Accept-Encoding` : v;
    expect(fast.headers[k], `${path}: header ${k}`).toBe(expected);
  }
  for (const h of securityHeaders) expect(fast.headers[h.key.toLowerCase()], h.key).toBe(h.value);
  return fast;
}

describe("pull fast path", () => {
  it("answers manifests, archives, the list and a skill like the route handlers", async () => {
    const ws = priv.slug;
    expect((await expectSameAnswer(`/api/registry/${ws}/skills/${name}/1.0.0`, viewerKey)).status).toBe(200);
    expect(JSON.parse((await expectSameAnswer(`/api/registry/${ws}/skills/${name}/latest`, viewerKey)).body.toString())).toMatchObject({ version: "1.1.0", tags: ["latest"] });
    const zip = await expectSameAnswer(`/api/registry/${ws}/skills/${name}/1.0.0/archive.zip`, viewerKey);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(zip.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    await expectSameAnswer(`/api/registry/${ws}/skills/${name}/latest/archive.zip`, viewerKey);
    await expectSameAnswer(`/api/registry/${ws}/skills`, viewerKey);
    await expectSameAnswer(`/api/registry/${ws}/skills/${name}`, member);
    await expectSameAnswer(`/api/registry/${ws}/skills/${name}/1.1.0`, member);
    await expectSameAnswer(`/api/registry/${pub.slug}/skills/${pubName}/2.0.0`, undefined);
    await expectSameAnswer(`/api/registry/${pub.slug}/skills/${pubName}/latest/archive.zip`, foreignKey);
  });

  it("answers 304 on a matching If-None-Match, and the same errors: 401, 403, 404, 400", async () => {
    const path = `/api/registry/${priv.slug}/skills/${name}/1.0.0`;
    const first = await viaFastPath(path, credentialHeaders(viewerKey));
    const notModified = await expectSameAnswer(path, viewerKey, { "if-none-match": first.headers.etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.body.byteLength).toBe(0);
    const zip = await viaFastPath(`${path}/archive.zip`, credentialHeaders(viewerKey));
    expect((await expectSameAnswer(`${path}/archive.zip`, viewerKey, { "if-none-match": `W/${zip.headers.etag}` })).status).toBe(304);

    expect((await expectSameAnswer(path, undefined)).status).toBe(401);
    expect((await expectSameAnswer(path, { apiKey: "t2s_not_a_key" })).status).toBe(401);
    expect((await expectSameAnswer(`/api/registry/${pub.slug}/skills/${pubName}/2.0.0`, { apiKey: "t2s_not_a_key" })).status).toBe(401);
    expect((await expectSameAnswer(path, foreignKey)).status).toBe(403);
    expect((await expectSameAnswer(`/api/registry/${priv.slug}/skills/${name}/9.9.9`, viewerKey)).status).toBe(404);
    expect((await expectSameAnswer(`/api/registry/${priv.slug}/skills/no-such-skill`, viewerKey)).status).toBe(404);
    expect((await expectSameAnswer(`/api/registry/${randomSlug("none")}/skills`, viewerKey)).status).toBe(404);
    expect((await expectSameAnswer(`/api/registry/${priv.slug}/skills/${"x".repeat(65)}/1.0.0`, viewerKey)).status).toBe(400);
  });

  it("carries the deprecation headers", async () => {
    const skill = await publish(pub, ["1.0.0"]);
    await setDeprecation({ workspace: { ...pub, isPublic: true }, role: "publisher" }, setupPrincipal(pub), skill, "1.0.0", "Use 2.0.0 — “faster”.");
    const res = await expectSameAnswer(`/api/registry/${pub.slug}/skills/${skill}/1.0.0`, undefined);
    expect(res.headers.warning).toMatch(/^299 - "Deprecated: Use 2\.0\.0/);
    expect((await expectSameAnswer(`/api/registry/${pub.slug}/skills/${skill}/1.0.0/archive.zip`, undefined)).headers["x-deprecated"]).toBeTruthy();
  });

  it("shows a tag move and a new version at once (this process's caches are cleared)", async () => {
    const skill = await publish(pub, ["1.0.0", "1.1.0"]);
    const manifest = async (ref: string) => JSON.parse((await viaFastPath(`/api/registry/${pub.slug}/skills/${skill}/${ref}`)).body.toString()) as { version: string; tags: string[] };
    const access = { workspace: { ...pub, isPublic: true }, role: "admin" as const };
    await setTag(access, setupPrincipal(pub), skill, "stable", { version: "1.0.0" });
    expect((await manifest("stable")).version).toBe("1.0.0");
    await setTag(access, setupPrincipal(pub), skill, "stable", { version: "1.1.0" });
    expect(await manifest("stable")).toMatchObject({ version: "1.1.0", tags: ["latest", "stable"] });
    const row = await db().skill.findFirstOrThrow({ where: { workspaceId: pub.id, name: skill } });
    await saveSkillVersion({ id: row.id, name: skill, workspaceId: pub.id }, setupPrincipal(pub), { version: "1.2.0", files: { "SKILL.md": `---\nname: ${skill}\ndescription: d\n---\n\n# 1.2\n` }, changelog: "", origin: { kind: "test" }, lint: [] });
    expect((await manifest("latest")).version).toBe("1.2.0");
    expect((await manifest("1.1.0")).tags).toEqual(["stable"]);
  });

  it("gzips JSON for clients that accept it, and drops the body of a HEAD", async () => {
    const path = `/api/registry/${priv.slug}/skills/${name}/1.0.0`;
    const plain = await viaFastPath(path, credentialHeaders(viewerKey));
    const zipped = await viaFastPath(path, { ...credentialHeaders(viewerKey), "accept-encoding": "gzip, deflate" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const head = await viaFastPath(path, credentialHeaders(viewerKey), "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers.etag).toBe(plain.headers.etag);
    expect(head.headers["content-length"]).toBe(String(plain.body.byteLength));
  });

  it("leaves everything else to Next", async () => {
    for (const path of ["/api/registry/openapi.json", `/api/w/${priv.slug}/skills`, `/api/registry/${priv.slug}/skills/${name}/../${name}/1.0.0`, `/api/registry/${priv.slug}/skills/${name}/./1.0.0`, `/api/registry/${priv.slug}/skills/x\\..\\${name}/1.0.0`, `/api/registry/${priv.slug}/skills/${name}/1.0.0/other`, `/api/registry/${priv.slug}/skills/`, "/"]) {
      expect((await viaFastPath(path, credentialHeaders(viewerKey))).status, path).toBe(NOT_MINE);
    }
    expect((await viaFastPath(`/api/registry/${priv.slug}/skills/${name}/1.0.0`, credentialHeaders(viewerKey), "POST")).status).toBe(NOT_MINE);
  });
});
