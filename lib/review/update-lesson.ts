import type { Lesson, Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit";
import { actorOf, type TPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { ZUpdateLesson, type TLessonView, type TUpdateLesson } from "./lesson-schemas";
import { REJECT_ACTION, toLessonViews } from "./lesson-views";

// A curator's decision on one lesson: edit its wording, reject it (with a reason), restore it, or
// mark it task-specific. Optimistic locking: the write only happens where id AND version match, so
// two people editing the same lesson never silently overwrite each other — the second gets 409 with
// the lesson as it now is. MAP re-runs for the trajectory on the next drive, since its step key
// hashes the active lessons (stage-analyse.ts mapOne).

type TWording = { title: string; description: string; content: string };

async function requireLesson(workspaceId: string, lessonId: string): Promise<Lesson> {
  const lesson = await db().lesson.findFirst({ where: { id: lessonId, run: { workspaceId } } });
  if (!lesson) throw notFound("lesson");
  return lesson;
}

async function conflictWith(lesson: Lesson): Promise<AppError> {
  const [current] = await toLessonViews(lesson.runId, [lesson]);
  const by = current.updatedBy ? ` by ${current.updatedBy}` : "";
  return new AppError("conflict:lesson", `This lesson was changed${by} since you opened it (now version ${lesson.version}). Review their change, then re-apply yours.`, { details: { current } });
}

function nextStatus(lesson: Lesson, input: TUpdateLesson, edited: boolean): Lesson["status"] {
  if (input.status === "rejected") return "rejected";
  if (input.status === "active") return edited || lesson.original ? "edited" : "active";
  if (lesson.status === "rejected") return "rejected";
  return edited || lesson.original ? "edited" : lesson.status;
}

function auditAction(before: Lesson, after: Lesson, change: TUpdateLesson): string {
  if (after.status === "rejected" && (before.status !== "rejected" || change.rejectReason !== undefined)) return REJECT_ACTION;
  if (before.status === "rejected" && after.status !== "rejected") return "lesson.restore";
  if (before.title !== after.title || before.description !== after.description || before.content !== after.content) return "lesson.edit";
  return "lesson.update";
}

const snapshot = (l: Lesson) => ({ title: l.title, description: l.description, content: l.content, status: l.status, taskSpecific: l.taskSpecific, version: l.version });

/** Applies one curator change to a lesson, based on `input.version`; returns the updated lesson. */
export async function updateLesson(workspaceId: string, lessonId: string, input: TUpdateLesson, principal: TPrincipal | undefined): Promise<TLessonView> {
  const change = ZUpdateLesson.parse(input);
  const lesson = await requireLesson(workspaceId, lessonId);
  if (lesson.version !== change.version) throw await conflictWith(lesson);

  const wording: TWording = { title: change.title ?? lesson.title, description: change.description ?? lesson.description, content: change.content ?? lesson.content };
  const edited = wording.title !== lesson.title || wording.description !== lesson.description || wording.content !== lesson.content;
  const status = nextStatus(lesson, change, edited);
  const taskSpecific = change.taskSpecific ?? lesson.taskSpecific;
  const unchanged = !edited && status === lesson.status && taskSpecific === lesson.taskSpecific && change.rejectReason === undefined;
  if (unchanged) return (await toLessonViews(lesson.runId, [lesson]))[0];

  const data: Prisma.LessonUpdateManyMutationInput = {
    ...wording,
    status,
    taskSpecific,
    version: { increment: 1 },
    updatedById: actorOf(principal).actorId,
    // The analyst's wording is kept once, at the first edit; later edits never overwrite it.
    ...(edited && lesson.original === null ? { original: { title: lesson.title, description: lesson.description, content: lesson.content } } : {}),
  };
  const updated = await db().$transaction(async (tx) => {
    const res = await tx.lesson.updateMany({ where: { id: lesson.id, version: change.version }, data });
    if (res.count === 0) return null;
    const after = await tx.lesson.findUniqueOrThrow({ where: { id: lesson.id } });
    await recordAudit(
      {
        workspaceId,
        principal,
        action: auditAction(lesson, after, change),
        entityType: "lesson",
        entityId: lesson.id,
        before: snapshot(lesson),
        after: { ...snapshot(after), runId: lesson.runId, trajectoryId: lesson.trajectoryId, ...(after.status === "rejected" && change.rejectReason !== undefined ? { rejectReason: change.rejectReason } : {}) },
      },
      tx,
    );
    return after;
  });
  // Someone else's write landed between the read and ours.
  if (!updated) throw await conflictWith(await requireLesson(workspaceId, lessonId));
  return (await toLessonViews(updated.runId, [updated]))[0];
}
