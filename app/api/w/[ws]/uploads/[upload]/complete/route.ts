import { z } from "zod";
import { route } from "@/lib/http/route";
import { completeUpload } from "@/lib/pools/uploads";

export const POST = route({
  access: "curator",
  params: z.object({ ws: z.string(), upload: z.string().min(1) }),
  handler: async ({ access, params, principal }) => ({ upload: await completeUpload(access!.workspace.id, params.upload, principal!) }),
});
