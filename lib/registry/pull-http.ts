import { sha256Hex } from "./skill-content";

// HTTP caching of the pull API, as plain data (no Request/Response: the Next routes and the web
// server's fast path both send these answers). Version-addressed archives never change: a year,
// immutable. Manifests carry the deprecation and the tags, and tag-addressed answers and lists
// move, so they get a short max-age and are revalidated by ETag (a 304 costs no body).
// A private workspace's answers are `private`: a shared cache must never hand them to someone else.

export const SHORT_MAX_AGE = 60;

export type TCacheKind = "immutable" | "short";

/** What the pull API answers: header names are lower-case; `body` is null for 304. */
export type TPullAnswer = { status: number; headers: Record<string, string>; body: string | Uint8Array | null };

const VARY = "Authorization, X-API-Key";
export const JSON_TYPE = "application/json; charset=utf-8";

export function cacheControlFor(isPublic: boolean, kind: TCacheKind): string {
  const scope = isPublic ? "public" : "private";
  return kind === "immutable" ? `${scope}, max-age=31536000, immutable` : `${scope}, max-age=${SHORT_MAX_AGE}, must-revalidate`;
}

/** Whether an If-None-Match header names this ETag (a list, weak validators and `*` included). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** The deprecation warning headers (RFC 7234 Warning 299 and a plain flag for scripts). */
export function deprecationHeaders(message: string | null): Record<string, string> {
  if (!message) return {};
  const quoted = message.replace(/[\\"]/g, "\\$&").replace(/[^\x20-\x7e]/g, "?");
  return { "x-deprecated": encodeURIComponent(message), warning: `299 - "Deprecated: ${quoted}"` };
}

/** 304 when If-None-Match names the ETag (the body is then never built), else 200 with the body. */
export async function answer(
  ifNoneMatch: string | null,
  opts: { etag: string; cacheControl: string; body: () => string | Uint8Array | Promise<string | Uint8Array>; contentType: string; headers?: Record<string, string> },
): Promise<TPullAnswer> {
  const headers: Record<string, string> = { etag: opts.etag, "cache-control": opts.cacheControl, vary: VARY, ...opts.headers };
  if (matchesEtag(ifNoneMatch, opts.etag)) return { status: 304, headers, body: null };
  return { status: 200, headers: { ...headers, "content-type": opts.contentType }, body: await opts.body() };
}

/** A JSON answer whose ETag is a hash of the JSON itself. */
export function answerJson(ifNoneMatch: string | null, body: unknown, cacheControl: string): Promise<TPullAnswer> {
  const json = JSON.stringify(body);
  return answer(ifNoneMatch, { etag: `"j-${sha256Hex(json).slice(0, 32)}"`, cacheControl, body: () => json, contentType: JSON_TYPE });
}
