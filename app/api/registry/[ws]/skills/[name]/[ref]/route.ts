import { route } from "@/lib/http/route";
import { manifestEtag, readPullManifest, resolvePullVersion } from "@/lib/registry/pull";
import { cacheControlFor, deprecationHeaders, matchesEtag, respondJson } from "@/lib/registry/pull-http";
import { ZRegistryRefParams } from "../../schema";

// The hot path of pulls: one query resolves the ref with its mutable state; an If-None-Match that
// matches answers 304 before the manifest is even looked at.
export const GET = route({
  access: "registry",
  params: ZRegistryRefParams,
  handler: async ({ req, access, params }) => {
    const v = await resolvePullVersion(access!.workspace.id, params.name, params.ref);
    const etag = manifestEtag(v);
    const cacheControl = cacheControlFor(access!.workspace.isPublic, "short");
    const headers = deprecationHeaders(v.deprecated);
    if (matchesEtag(req, etag)) return new Response(null, { status: 304, headers: { etag, "cache-control": cacheControl, vary: "Authorization, X-API-Key", ...headers } });
    return respondJson(req, await readPullManifest(v), cacheControl, etag, headers);
  },
});
