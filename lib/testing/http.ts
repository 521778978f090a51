import { auth } from "../auth/auth";
import { baseUrl } from "../env";

// Calling route handlers in-process, the way Next does: a Request plus a params promise. Sessions
// come from a real better-auth sign-in, so cookie parsing and session lookup are the product's own.

export type TCredentials = { cookie: string } | { apiKey: string } | undefined;

export type TRouteFn = (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

/** Signs in with email and password; returns the Cookie header value for later requests. */
export async function signIn(email: string, password: string): Promise<string> {
  const res = await auth().api.signInEmail({ body: { email, password }, asResponse: true });
  if (!res.ok) throw new Error(`Sign-in of ${email} failed with ${res.status}: ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (cookies.length === 0) throw new Error(`Sign-in of ${email} set no cookie.`);
  return cookies.join("; ");
}

export function credentialHeaders(creds: TCredentials): Record<string, string> {
  if (!creds) return {};
  return "cookie" in creds ? { cookie: creds.cookie } : { authorization: `Bearer ${creds.apiKey}` };
}

/** Fills `[name]` segments of an app/api route pattern (e.g. /api/w/[ws]/members) from params. */
export function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for [${name}] in ${pattern}`);
    return encodeURIComponent(value);
  });
}

export async function callRoute(
  handler: TRouteFn,
  opts: { method: string; path: string; params?: Record<string, string>; body?: unknown; creds?: TCredentials; query?: Record<string, string> },
): Promise<Response> {
  const url = new URL(fillPath(opts.path, opts.params ?? {}), baseUrl());
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...credentialHeaders(opts.creds) };
  let body: string | Uint8Array | undefined;
  // Raw bytes (uploads of archives) go as they are; anything else as JSON.
  if (opts.body instanceof Uint8Array) {
    headers["content-type"] = "application/zip";
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const req = new Request(url, { method: opts.method, headers, body: body as BodyInit | undefined });
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}
