import { z } from "zod";
import { route } from "@/lib/http/route";
import { ZTrajectoryListQuery } from "@/lib/review/lesson-schemas";
import { listRunTrajectories } from "@/lib/review/lessons";

// The lessons screen's left column: the run's trajectories with outcome, analyst status and lesson counts.
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), run: z.string().min(1).max(100) }),
  query: ZTrajectoryListQuery,
  handler: async ({ access, params, query }) => listRunTrajectories(access!.workspace.id, params.run, query),
});
