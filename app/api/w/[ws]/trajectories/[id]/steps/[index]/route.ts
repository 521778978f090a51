import { z } from "zod";
import { route } from "@/lib/http/route";
import { readFullStep, trajectoryInWorkspace } from "@/lib/trajectories/steps";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), id: z.string().min(1), index: z.coerce.number().int().min(0) }),
  handler: async ({ access, params }) => {
    const t = await trajectoryInWorkspace(access!.workspace.id, params.id);
    return { step: await readFullStep(t.id, params.index) };
  },
});
