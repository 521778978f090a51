import { z } from "zod";
import { route } from "@/lib/http/route";
import { MAX_PAGE_STEPS, readStepPage, trajectoryInWorkspace } from "@/lib/trajectories/steps";

// Pages of at most 500 steps with long texts cut to head + tail: never an unbounded response.
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), id: z.string().min(1) }),
  query: z.object({ from: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(MAX_PAGE_STEPS).default(200) }),
  handler: async ({ access, params, query }) => {
    const t = await trajectoryInWorkspace(access!.workspace.id, params.id);
    return { from: query.from, total: t.stepCount, steps: await readStepPage(t.id, query.from, query.limit) };
  },
});
