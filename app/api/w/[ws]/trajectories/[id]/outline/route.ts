import { z } from "zod";
import { route } from "@/lib/http/route";
import { buildOutline } from "@/lib/trajectories/outline";
import { trajectoryInWorkspace } from "@/lib/trajectories/steps";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), id: z.string().min(1) }),
  handler: async ({ access, params }) => {
    const t = await trajectoryInWorkspace(access!.workspace.id, params.id);
    return Response.json({ outline: await buildOutline(t.id) }, { headers: { "Cache-Control": "private, max-age=300" } });
  },
});
