import { sha256Hex } from "./skill-content";

// HTTP caching of the pull API. Version-addressed archives never change: a year, immutable.
// Manifests carry the deprecation and the tags, and tag-addressed answers and lists move, so they
// get a short max-age and are revalidated by ETag (a 304 costs one query, no body).
// A private workspace's answers are `private`: a shared cache must never hand them to someone else.

export const SHORT_MAX_AGE = 60;

export type TCacheKind = "immutable" | "short";

export function cacheControlFor(isPublic: boolean, kind: TCacheKind): string {
  const scope = isPublic ? "public" : "private";
  return kind === "immutable" ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=${SHORT_MAX_AGE}, must-revalidate`;
}

/** Whether If-None-Match names this ETag (a list, weak validators and `*` included). */
export function matchesEtag(req: Request, etag: string): boolean {
  const header = req.headers.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

export function etagOfJson(body: unknown): string {
  return `"j-${sha256Hex(JSON.stringify(body)).slice(0, 32)}"`;
}

/** The deprecation warning headers (RFC 7234 Warning 299 and a plain flag for scripts). */
export function deprecationHeaders(message: string | null): Record<string, string> {
  if (!message) return {};
  const quoted = message.replace(/[\\"]/g, "\\$&").replace(/[^\x20-\x7e]/g, "?");
  return { "x-deprecated": encodeURIComponent(message), warning: `299 - "Deprecated: ${quoted}"` };
}

export function respond(req: Request, opts: { etag: string; cacheControl: string; body: BodyInit | (() => BodyInit); contentType: string; headers?: Record<string, string> }): Response {
  const headers: Record<string, string> = { etag: opts.etag, "cache-control": opts.cacheControl, vary: "Authorization, X-API-Key", ...opts.headers };
  if (matchesEtag(req, opts.etag)) return new Response(null, { status: 304, headers });
  const body = typeof opts.body === "function" ? opts.body() : opts.body;
  return new Response(body, { status: 200, headers: { ...headers, "content-type": opts.contentType } });
}

export function respondJson(req: Request, body: unknown, cacheControl: string, etag = etagOfJson(body), headers?: Record<string, string>): Response {
  return respond(req, { etag, cacheControl, body: () => JSON.stringify(body), contentType: "application/json; charset=utf-8", headers });
}
