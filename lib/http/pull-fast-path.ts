import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { answerPullRequest, type TPullAnswer } from "../registry/pull-answer";
import securityHeaders from "./security-headers.json";

// The pull API on plain node:http, ahead of Next (lib/cli/web-server.ts). Agents and CI hit the
// manifest and archive endpoints far more often than people load pages, and with the answer itself
// in memory Next's per-request machinery was most of the cost. The answer comes from
// answerPullRequest, the function the Next route handlers call too; this file only adds what Next
// adds to every response: the security headers of next.config.mjs and gzip for JSON worth it.

/**
 * Raw paths taken as they are. Anything else (backslashes, dot segments, a trailing slash…) goes to
 * Next, whose URL handling normalises or redirects it before its route handler asks the same core.
 */
const PLAIN_PATH = /^\/api\/registry\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$/;
const SECURITY = Object.fromEntries(securityHeaders.map((h) => [h.key, h.value]));
/** Next's compression skips small bodies too (1 KB); zips are compressed already. */
const GZIP_MIN_BYTES = 1024;
/** Manifest bytes are shared by every pull of one resolution, so their gzip is made once. */
const gzipped = new WeakMap<Uint8Array, Buffer>();

function headerLookup(req: IncomingMessage) {
  return {
    get(name: string): string | null {
      const v = req.headers[name];
      return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

function encode(req: IncomingMessage, a: TPullAnswer, headers: Record<string, string | number>): Uint8Array | null {
  if (a.body === null) return null;
  const json = a.headers["content-type"]?.startsWith("application/json");
  if (!json) return typeof a.body === "string" ? Buffer.from(a.body) : a.body;
  headers.vary = a.headers.vary ? `${a.headers.vary}, Accept-Encoding` : "Accept-Encoding";
  const raw = typeof a.body === "string" ? Buffer.from(a.body) : a.body;
  if (raw.byteLength < GZIP_MIN_BYTES || !/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) return raw;
  let zipped = typeof a.body === "string" ? undefined : gzipped.get(a.body);
  if (!zipped) {
    zipped = gzipSync(raw);
    if (typeof a.body !== "string") gzipped.set(a.body, zipped);
  }
  headers["content-encoding"] = "gzip";
  return zipped;
}

/** Answers a GET or HEAD of the pull API; false when the request is not one, and Next should have it. */
export async function servePullFast(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method;
  const url = req.url ?? "";
  if ((method !== "GET" && method !== "HEAD") || !PLAIN_PATH.test(url.split("?", 1)[0]!)) return false;
  const answer = await answerPullRequest({ method, url, headers: headerLookup(req) });
  if (!answer) return false;
  const headers: Record<string, string | number> = { ...SECURITY, ...answer.headers };
  const body = encode(req, answer, headers);
  if (body) headers["content-length"] = body.byteLength;
  res.writeHead(answer.status, headers);
  res.end(method === "HEAD" ? undefined : (body ?? undefined));
  return true;
}
