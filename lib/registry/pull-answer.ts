import semver from "semver";
import { z } from "zod";
import { registryPrincipalFromHeaders, resolveRegistryAccess, type THeaderLookup, type TWorkspaceAccess } from "../auth/principal";
import { toErrorReply } from "../errors";
import { readSkillArchive } from "./archive";
import { countDownload } from "./download-counts";
import { listPullSkills, readPullManifestBytes, readPullSkill, resolvePullVersion } from "./pull";
import { answer, answerJson, cacheControlFor, deprecationHeaders, JSON_TYPE, type TPullAnswer } from "./pull-http";

// The pull API itself, framework-free: method, URL and headers in, status, headers and body out.
// The Next route handlers under app/api/registry (lib/http/pull-route.ts) and the web server's
// fast path (lib/http/pull-fast-path.ts) both answer through answerPullRequest, so the two cannot
// drift apart. Order of checks as in every route: the caller (a bad key is 401 even for a public
// workspace), access to the workspace (404/401/403), the params (400), then the endpoint.

export type { TPullAnswer } from "./pull-http";
export type TPullRequest = { method: string; url: string; headers: THeaderLookup };

export const ZRegistryParams = z.object({ ws: z.string().min(1).max(64) });
export const ZRegistrySkillParams = ZRegistryParams.extend({ name: z.string().min(1).max(64) });
/** `ref` is a version number (1.2.0) or a dist-tag (latest, stable). */
export const ZRegistryRefParams = ZRegistrySkillParams.extend({ ref: z.string().min(1).max(128) });

export type TPullEndpoint = "skills" | "skill" | "manifest" | "archive";
type TPullMatch = { endpoint: TPullEndpoint; params: Record<string, string> };

function decodeSegment(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const s = decodeURIComponent(raw);
    return s === "." || s === ".." ? undefined : s;
  } catch {
    return undefined;
  }
}

/** Which pull endpoint a URL (a path, or absolute) names, with its decoded params; undefined for any other (dot segments included). */
export function matchPullPath(url: string): TPullMatch | undefined {
  const path = url.startsWith("/") ? url.split("?", 1)[0]! : new URL(url).pathname;
  const parts = path.split("/");
  if (parts.length < 5 || parts.length > 8 || parts[0] !== "" || parts[1] !== "api" || parts[2] !== "registry" || parts[4] !== "skills") return undefined;
  if (parts.length === 8 && parts[7] !== "archive.zip") return undefined;
  const [ws, name, ref] = [parts[3], parts[5], parts[6]].map(decodeSegment);
  if (ws === undefined || (parts.length > 5 && name === undefined) || (parts.length > 6 && ref === undefined)) return undefined;
  if (parts.length === 5) return { endpoint: "skills", params: { ws } };
  if (parts.length === 6) return { endpoint: "skill", params: { ws, name: name! } };
  return { endpoint: parts.length === 7 ? "manifest" : "archive", params: { ws, name: name!, ref: ref! } };
}

type TCall = { method: string; ifNoneMatch: string | null; ws: TWorkspaceAccess["workspace"]; params: Record<string, string> };

const ENDPOINTS: Record<TPullEndpoint, (c: TCall) => Promise<TPullAnswer>> = {
  skills: async ({ ifNoneMatch, ws }) => answerJson(ifNoneMatch, { skills: await listPullSkills(ws.id) }, cacheControlFor(ws.isPublic, "short")),

  skill: async ({ ifNoneMatch, ws, params }) => {
    const { name } = ZRegistrySkillParams.parse(params);
    return answerJson(ifNoneMatch, await readPullSkill(ws.id, name), cacheControlFor(ws.isPublic, "short"));
  },

  // The hot path of pulls: the ref resolves from memory (or one query) with its mutable state; an
  // If-None-Match that matches answers 304 before the manifest is even looked at.
  manifest: async ({ ifNoneMatch, ws, params }) => {
    const { name, ref } = ZRegistryRefParams.parse(params);
    const v = await resolvePullVersion(ws.id, name, ref);
    return answer(ifNoneMatch, { etag: v.manifestEtag, cacheControl: cacheControlFor(ws.isPublic, "short"), headers: deprecationHeaders(v.deprecated), contentType: JSON_TYPE, body: () => readPullManifestBytes(v) });
  },

  // The zip bytes depend on the content only, so the content hash is the ETag. A pull by number is
  // immutable; by tag it may point elsewhere tomorrow. Only full downloads (200 to a GET) are counted.
  archive: async ({ method, ifNoneMatch, ws, params }) => {
    const { name, ref } = ZRegistryRefParams.parse(params);
    const v = await resolvePullVersion(ws.id, name, ref);
    const res = await answer(ifNoneMatch, {
      etag: `"${v.contentHash}"`,
      cacheControl: cacheControlFor(ws.isPublic, semver.valid(ref) ? "immutable" : "short"),
      headers: { "content-disposition": `attachment; filename="${name}.zip"`, ...deprecationHeaders(v.deprecated) },
      contentType: "application/zip",
      body: () => readSkillArchive(v.id),
    });
    if (res.status === 200 && method !== "HEAD") countDownload(v.id);
    return res;
  },
};

/** Answers a GET or HEAD of the pull API (HEAD: the same headers; the edge drops the body); undefined when the URL is no pull endpoint. */
export async function answerPullRequest(req: TPullRequest): Promise<TPullAnswer | undefined> {
  const hit = matchPullPath(req.url);
  if (!hit) return undefined;
  try {
    const principal = await registryPrincipalFromHeaders(req.headers);
    const access = await resolveRegistryAccess(principal, hit.params.ws!);
    ZRegistryParams.parse(hit.params);
    return await ENDPOINTS[hit.endpoint]({ method: req.method, ifNoneMatch: req.headers.get("if-none-match"), ws: access.workspace, params: hit.params });
  } catch (e) {
    const { status, body } = toErrorReply(e);
    return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  }
}
