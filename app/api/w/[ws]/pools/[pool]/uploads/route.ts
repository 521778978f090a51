import { z } from "zod";
import { route } from "@/lib/http/route";
import { createUpload, listUploads, ZCreateUpload } from "@/lib/pools/uploads";

const ZParams = z.object({ ws: z.string(), pool: z.string().min(1) });

export const GET = route({
  access: "viewer",
  params: ZParams,
  handler: async ({ access, params }) => ({ uploads: await listUploads(access!.workspace.id, params.pool) }),
});

// Step 1 of an upload: then PUT each file to /api/w/<ws>/uploads/<id>/files?name=<path>, then POST …/complete.
export const POST = route({
  access: "curator",
  params: ZParams,
  body: ZCreateUpload,
  status: 201,
  handler: async ({ access, params, body, principal }) => ({ upload: await createUpload(access!.workspace.id, params.pool, principal!, body) }),
});
