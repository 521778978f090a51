import semver from "semver";
import { route } from "@/lib/http/route";
import { readSkillArchive } from "@/lib/registry/archive";
import { countDownload } from "@/lib/registry/download-counts";
import { resolvePullVersion } from "@/lib/registry/pull";
import { cacheControlFor, deprecationHeaders, matchesEtag, respond } from "@/lib/registry/pull-http";
import { ZRegistryRefParams } from "../../../schema";

// The zip bytes depend on the content only, so the content hash is the ETag. A pull by number is
// immutable; by tag it may point elsewhere tomorrow. Only full downloads (200) are counted.
export const GET = route({
  access: "registry",
  params: ZRegistryRefParams,
  handler: async ({ req, access, params }) => {
    const v = await resolvePullVersion(access!.workspace.id, params.name, params.ref);
    const etag = `"${v.contentHash}"`;
    const cacheControl = cacheControlFor(access!.workspace.isPublic, semver.valid(params.ref) ? "immutable" : "short");
    const headers = { "content-disposition": `attachment; filename="${params.name}.zip"`, ...deprecationHeaders(v.deprecated) };
    if (matchesEtag(req, etag)) return new Response(null, { status: 304, headers: { etag, "cache-control": cacheControl, vary: "Authorization, X-API-Key", ...headers } });
    const bytes = await readSkillArchive(v.id);
    const res = respond(req, {
      etag,
      cacheControl,
      body: () => bytes as Uint8Array<ArrayBuffer>,
      contentType: "application/zip",
      headers,
    });
    if (res.status === 200) countDownload(v.id);
    return res;
  },
});
