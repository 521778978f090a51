import { z } from "zod";
import { route } from "@/lib/http/route";
import { getTrajectoryDetail } from "@/lib/trajectories/detail";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), id: z.string().min(1) }),
  handler: async ({ access, params }) => ({ trajectory: await getTrajectoryDetail(access!.workspace.id, params.id) }),
});
