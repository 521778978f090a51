import { z } from "zod";
import { route } from "@/lib/http/route";
import { searchSteps } from "@/lib/trajectories/search";
import { trajectoryInWorkspace } from "@/lib/trajectories/steps";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), id: z.string().min(1) }),
  query: z.object({ q: z.string().max(200) }),
  handler: async ({ access, params, query }) => {
    const t = await trajectoryInWorkspace(access!.workspace.id, params.id);
    return searchSteps(t.id, query.q);
  },
});
