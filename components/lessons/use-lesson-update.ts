"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError } from "@/lib/queries/api";
import { lessonKeys, patchLesson } from "@/lib/queries/lessons";
import type { TLessonView, TTrajectoryLessons, TUpdateLesson } from "@/lib/review/lesson-schemas";

// Saving a lesson decision. A 409 keeps both sides: the other person's lesson goes into the cache (so
// the card shows what they did) and the change that was refused is kept, so it can be re-applied on
// top of their version or dropped — never silently lost or silently overwriting.

export type TLessonChange = Omit<TUpdateLesson, "version">;
export type TSaveResult = "ok" | "conflict" | "error";
export type TConflict = { lessonId: string; current: TLessonView; mine: TLessonChange };

function describe(change: TLessonChange): string {
  if (change.status === "rejected") return "Lesson rejected.";
  if (change.status === "active") return "Lesson restored.";
  if (change.taskSpecific !== undefined && change.title === undefined && change.content === undefined && change.description === undefined) return change.taskSpecific ? "Marked task-specific." : "No longer task-specific.";
  return "Lesson saved.";
}

export function useLessonUpdate(ws: string, run: string, trajectory: string) {
  const qc = useQueryClient();
  const [conflict, setConflict] = useState<TConflict>();
  const key = lessonKeys.trajectory(ws, run, trajectory);
  const put = (lesson: TLessonView) => qc.setQueryData<TTrajectoryLessons>(key, (old) => (old ? { ...old, lessons: old.lessons.map((l) => (l.id === lesson.id ? lesson : l)) } : old));

  const mutation = useMutation({
    mutationFn: (v: { lesson: TLessonView; change: TLessonChange }) => patchLesson(ws, v.lesson.id, { ...v.change, version: v.lesson.version }),
    onSuccess: ({ lesson }, v) => {
      put(lesson);
      setConflict((c) => (c?.lessonId === lesson.id ? undefined : c));
      void qc.invalidateQueries({ queryKey: [...lessonKeys.run(ws, run), "trajectories"] });
      toast.success(describe(v.change));
    },
    onError: (e, v) => {
      const current = e instanceof ApiError && e.status === 409 ? (e.details as { current?: TLessonView } | undefined)?.current : undefined;
      if (current) {
        put(current);
        setConflict({ lessonId: current.id, current, mine: v.change });
        toast.error(e.message);
        return;
      }
      toast.error(e instanceof Error ? e.message : "The lesson could not be saved.");
    },
  });

  return {
    /** "conflict" when someone else saved first: their version is now shown and ours kept for re-applying. */
    save: (lesson: TLessonView, change: TLessonChange): Promise<TSaveResult> =>
      mutation.mutateAsync({ lesson, change }).then(
        () => "ok",
        (e: unknown) => (e instanceof ApiError && e.status === 409 ? "conflict" : "error"),
      ),
    pending: mutation.isPending,
    conflict,
    /** Sends the refused change again, based on the version that is now current. */
    reapply: () => (conflict ? mutation.mutateAsync({ lesson: conflict.current, change: conflict.mine }).then(() => true, () => false) : Promise.resolve(false)),
    dismissConflict: () => setConflict(undefined),
  };
}
