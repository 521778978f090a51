import { z } from "zod";
import { route } from "@/lib/http/route";
import { getUploadReport } from "@/lib/pools/uploads";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), upload: z.string().min(1) }),
  handler: async ({ access, params }) => ({ upload: await getUploadReport(access!.workspace.id, params.upload) }),
});
