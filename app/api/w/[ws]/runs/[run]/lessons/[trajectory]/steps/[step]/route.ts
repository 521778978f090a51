import { z } from "zod";
import { route } from "@/lib/http/route";
import { listLessonsCitingStep } from "@/lib/review/lessons";

// The reverse lookup: which lessons of this trajectory cite a step.
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), run: z.string().min(1).max(100), trajectory: z.string().min(1).max(100), step: z.coerce.number().int().nonnegative() }),
  handler: async ({ access, params }) => ({ step: params.step, lessons: await listLessonsCitingStep(access!.workspace.id, params.run, params.trajectory, params.step) }),
});
