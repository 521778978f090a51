import type { Lesson } from "../generated/prisma/client";
import { db } from "../db/client";
import { notFound } from "../errors";
import { ANALYST_KINDS } from "../distill/lessons";
import { ZLessonWording, ZRunHeader, type TLessonView, type TRunHeader } from "./lesson-schemas";

// Row → view conversions shared by the lesson listing, the by-step lookup and the edit path.

export const REJECT_ACTION = "lesson.reject";

/** The run, checked to belong to the workspace (a run id of another workspace is "no such run"). */
export async function requireRunHeader(workspaceId: string, runId: string): Promise<TRunHeader> {
  const run = await db().distillRun.findFirst({
    where: { id: runId, workspaceId },
    include: { pool: { select: { name: true } }, skill: { select: { name: true } } },
  });
  if (!run) throw notFound("run");
  const models = (run.models ?? {}) as { kind?: string };
  const prompts = (run.promptVersions ?? {}) as { versions?: Record<string, string>; sha256?: Record<string, string> };
  return ZRunHeader.parse({
    id: run.id,
    pool: run.pool.name,
    skill: run.skill?.name ?? run.createSkillName,
    status: run.status,
    stage: run.stage,
    analystKind: models.kind === "llm" ? "llm" : "rule-based",
    promptVersions: prompts.versions ?? {},
    promptHashes: prompts.sha256 ?? {},
  });
}

export function toAnalystLabel(analyst: string): "error" | "success" | "rule-based" | "skipped" | "pending" {
  if ((ANALYST_KINDS as readonly string[]).includes(analyst)) return analyst as "error" | "success" | "rule-based";
  return analyst === "skipped" ? "skipped" : "pending";
}

/** Support per lesson: how many of the run's proposal items list it among their sources. */
export async function countLessonSupport(runId: string, lessonIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(lessonIds.map((id) => [id, 0]));
  if (!lessonIds.length) return out;
  const items = await db().proposalItem.findMany({ where: { runId, sourceLessonIds: { hasSome: lessonIds } }, select: { sourceLessonIds: true } });
  for (const item of items) for (const id of item.sourceLessonIds) if (out.has(id)) out.set(id, out.get(id)! + 1);
  return out;
}

type TLessonTrail = { by: string; rejectReason: string | null };

/**
 * Who last changed each lesson and, for rejected ones, why — from the audit trail: the Lesson row
 * keeps only an id (user or API key) and has no column for the reason. Untouched lessons (version 1)
 * cost nothing.
 */
export async function readLessonTrails(lessons: Pick<Lesson, "id" | "version">[]): Promise<Map<string, TLessonTrail>> {
  const ids = lessons.filter((l) => l.version > 1).map((l) => l.id);
  const out = new Map<string, TLessonTrail>();
  if (!ids.length) return out;
  const events = await db().auditEvent.findMany({ where: { entityType: "lesson", entityId: { in: ids } }, orderBy: { at: "desc" }, select: { entityId: true, action: true, actorLabel: true, after: true } });
  for (const e of events) {
    if (out.has(e.entityId)) continue;
    const reason = (e.after as { rejectReason?: unknown } | null)?.rejectReason;
    out.set(e.entityId, { by: e.actorLabel, rejectReason: e.action === REJECT_ACTION && typeof reason === "string" ? reason : null });
  }
  return out;
}

export function toLessonView(l: Lesson, support: number, trail: TLessonTrail | undefined): TLessonView {
  const original = ZLessonWording.safeParse(l.original);
  return {
    id: l.id,
    runId: l.runId,
    trajectoryId: l.trajectoryId,
    kind: l.kind,
    number: l.number,
    title: l.title,
    description: l.description,
    content: l.content,
    stepRefs: l.stepRefs,
    status: l.status,
    taskSpecific: l.taskSpecific,
    original: original.success ? original.data : null,
    rejectReason: l.status === "rejected" ? (trail?.rejectReason ?? null) : null,
    version: l.version,
    updatedBy: trail?.by ?? null,
    updatedAt: l.updatedAt.toISOString(),
    support,
  };
}

/** Views for a batch of lessons of one run, with support and trails in two queries. */
export async function toLessonViews(runId: string, lessons: Lesson[]): Promise<TLessonView[]> {
  const [support, trails] = await Promise.all([countLessonSupport(runId, lessons.map((l) => l.id)), readLessonTrails(lessons)]);
  return lessons.map((l) => toLessonView(l, support.get(l.id) ?? 0, trails.get(l.id)));
}
