import { z } from "zod";
import { route } from "@/lib/http/route";
import { downloadNormalized, downloadOriginal } from "@/lib/trajectories/download";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), id: z.string().min(1) }),
  query: z.object({ what: z.enum(["normalized", "original"]).default("normalized") }),
  handler: async ({ access, params, query }) => {
    const { filename, body } = query.what === "original" ? await downloadOriginal(access!.workspace.id, params.id) : await downloadNormalized(access!.workspace.id, params.id);
    return new Response(body, {
      headers: {
        "Content-Type": query.what === "original" ? "application/octet-stream" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
});
