import { z } from "zod";
import { route } from "@/lib/http/route";
import { ZUpdateLesson } from "@/lib/review/lesson-schemas";
import { updateLesson } from "@/lib/review/update-lesson";

// Edit, reject, restore or mark a lesson task-specific; a stale `version` answers 409 with the current lesson.
export const PATCH = route({
  access: "curator",
  params: z.object({ ws: z.string(), id: z.string().min(1).max(100) }),
  body: ZUpdateLesson,
  handler: async ({ access, params, body, principal }) => ({ lesson: await updateLesson(access!.workspace.id, params.id, body, principal) }),
});
