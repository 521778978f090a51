import { z, type ZodType } from "zod";
import { AppError, toResponse } from "../errors";
import { principalFromHeaders, resolveWorkspaceAccess, type TPrincipal, type TWorkspaceAccess } from "../auth/principal";
import type { TRole } from "../auth/roles";

// The edge of every API route: parse input with zod, establish who calls and with which role, call
// one lib function, map the result or the AppError to a response. Each handler carries its access
// rule in `.meta`, which the authorization test reads to cover every route × role.

/** "registry": read access to published skills — anyone when the workspace is public, else a viewer
 * (member or API key of that workspace). A key that is sent must be valid even for public reads.
 * Those routes are built by pullRoute (pull-route.ts), not by route(). */
export type TAccess = "public" | "signed_in" | "registry" | TRole;

type TCtx<P, Q, B> = {
  req: Request;
  params: P;
  query: Q;
  body: B;
  principal: TPrincipal | undefined;
  /** Set for workspace-scoped routes (access is a role and the path has [ws]). */
  access: TWorkspaceAccess | undefined;
};

type TRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export type TRouteHandler = ((req: Request, ctx: TRouteContext) => Promise<Response>) & {
  meta: { access: TAccess };
};

const MAX_JSON_BYTES = 2 * 1024 * 1024;

async function readJson(req: Request): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_JSON_BYTES) throw new AppError("payload_too_large", "The request body is larger than 2 MB.");
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) throw new AppError("payload_too_large", "The request body is larger than 2 MB.");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_input:json", "The request body is not valid JSON.");
  }
}

export function route<P = Record<string, never>, Q = Record<string, never>, B = Record<string, never>>(def: {
  access: Exclude<TAccess, "registry">;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  status?: number;
  handler: (ctx: TCtx<P, Q, B>) => Promise<unknown>;
}): TRouteHandler {
  const fn = async (req: Request, context: TRouteContext): Promise<Response> => {
    try {
      const rawParams = (await context?.params) ?? {};
      const principal = def.access === "public" ? await principalFromHeaders(req.headers).catch(() => undefined) : await principalFromHeaders(req.headers);
      if (def.access !== "public" && !principal) {
        throw new AppError("unauthenticated", "Sign in, or send an API key as `Authorization: Bearer <key>`.");
      }
      let access: TWorkspaceAccess | undefined;
      if (def.access !== "public" && def.access !== "signed_in") {
        const slug = rawParams.ws;
        if (typeof slug !== "string") throw new Error(`Route declares role ${def.access} but has no [ws] segment`);
        access = await resolveWorkspaceAccess(principal!, slug, def.access);
      } else if (def.access === "signed_in" && principal?.kind === "api_key") {
        throw new AppError("forbidden:api_key", "This endpoint is for signed-in people, not API keys.");
      }
      const params = (def.params ?? z.any()).parse(rawParams) as P;
      const url = new URL(req.url);
      const query = (def.query ?? z.any()).parse(Object.fromEntries(url.searchParams)) as Q;
      const needsBody = def.body && !["GET", "HEAD"].includes(req.method);
      const body = (needsBody ? def.body!.parse(await readJson(req)) : {}) as B;
      const result = await def.handler({ req, params, query, body, principal, access });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: def.status ?? 200 });
    } catch (e) {
      return toResponse(e);
    }
  };
  return Object.assign(fn, { meta: { access: def.access } });
}
