import { z } from "zod";
import { route } from "@/lib/http/route";
import { addUploadFile } from "@/lib/pools/uploads";

// The raw file bytes are the request body, streamed to storage: no size limit, constant memory.
export const PUT = route({
  access: "curator",
  params: z.object({ ws: z.string(), upload: z.string().min(1) }),
  query: z.object({ name: z.string().min(1).max(500) }),
  status: 201,
  handler: async ({ access, params, query, req }) => ({ file: await addUploadFile(access!.workspace.id, params.upload, query.name, req.body) }),
});
