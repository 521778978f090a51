import { z } from "zod";
import { route } from "@/lib/http/route";
import { getTrajectoryLessons } from "@/lib/review/lessons";

// One trajectory of the run: its analysis (analyst, status, lean path) and its lessons.
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), run: z.string().min(1).max(100), trajectory: z.string().min(1).max(100) }),
  handler: async ({ access, params }) => getTrajectoryLessons(access!.workspace.id, params.run, params.trajectory),
});
