import type { Prisma } from "../generated/prisma/client";
import { db } from "../db/client";
import { notFound } from "../errors";
import { ZAnalysisResult } from "../distill/lessons";
import { ZTrajectoryListQuery, type TRunTrajectory, type TTrajectoryLessons, type TTrajectoryListQuery, type TTrajectoryPage, type TLessonView } from "./lesson-schemas";
import { requireRunHeader, toAnalystLabel, toLessonViews } from "./lesson-views";

// Reads for the lessons screen (issue 7 item 1): a run's trajectories with their analyst state,
// one trajectory's lessons and lean path, and the reverse lookup from a step to the lessons citing it.

function lessonFilter(q: ReturnType<typeof ZTrajectoryListQuery.parse>): Prisma.LessonWhereInput | undefined {
  const where: Prisma.LessonWhereInput = {};
  if (q.kind) where.kind = q.kind;
  if (q.lessonStatus) where.status = q.lessonStatus;
  if (q.taskSpecific !== undefined) where.taskSpecific = q.taskSpecific;
  return Object.keys(where).length ? where : undefined;
}

/** Why an analysis has no lessons: the recorded error, or the skip reason of its output. */
function describeProblem(status: string, error: string | null, output: unknown): string | null {
  if (error) return error;
  if (status !== "skipped") return null;
  const parsed = ZAnalysisResult.safeParse(output);
  if (parsed.success && parsed.data.kind === "skipped") return parsed.data.detail ? `${parsed.data.reason}: ${parsed.data.detail}` : parsed.data.reason;
  return null;
}

/** A run's trajectories in run order (keyset-paged by position), filtered by outcome, analyst status and lesson facets. */
export async function listRunTrajectories(workspaceId: string, runId: string, query: TTrajectoryListQuery = {}): Promise<TTrajectoryPage> {
  const q = ZTrajectoryListQuery.parse(query);
  const run = await requireRunHeader(workspaceId, runId);
  const lessons = lessonFilter(q);
  const rows = await db().analysis.findMany({
    where: {
      runId,
      ...(q.cursor !== undefined ? { position: { gt: q.cursor } } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.outcome ? { trajectory: { outcome: q.outcome } } : {}),
      ...(lessons ? { lessons: { some: lessons } } : {}),
    },
    orderBy: { position: "asc" },
    take: q.limit + 1,
    select: {
      position: true,
      status: true,
      error: true,
      analyst: true,
      output: true,
      trajectory: { select: { id: true, externalId: true, outcome: true, stepCount: true } },
      lessons: { select: { status: true } },
    },
  });
  const page = rows.slice(0, q.limit);
  const trajectories: TRunTrajectory[] = page.map((r) => ({
    trajectoryId: r.trajectory.id,
    position: r.position,
    externalId: r.trajectory.externalId,
    outcome: r.trajectory.outcome,
    stepCount: r.trajectory.stepCount,
    status: r.status,
    error: describeProblem(r.status, r.error, r.output),
    analyst: toAnalystLabel(r.analyst),
    lessons: r.lessons.filter((l) => l.status !== "rejected").length,
    rejected: r.lessons.filter((l) => l.status === "rejected").length,
  }));
  return { run, trajectories, nextCursor: rows.length > q.limit ? page[page.length - 1].position : null };
}

async function requireAnalysis(workspaceId: string, runId: string, trajectoryId: string) {
  await requireRunHeader(workspaceId, runId);
  const a = await db().analysis.findUnique({ where: { runId_trajectoryId: { runId, trajectoryId } }, include: { trajectory: { select: { id: true, externalId: true, outcome: true, stepCount: true, instruction: true } } } });
  if (!a) throw notFound("trajectory", "trajectory in this run");
  return a;
}

/** One trajectory of a run: its analysis (status, analyst, lean path) and its lessons in record order. */
export async function getTrajectoryLessons(workspaceId: string, runId: string, trajectoryId: string): Promise<TTrajectoryLessons> {
  const a = await requireAnalysis(workspaceId, runId, trajectoryId);
  const rows = await db().lesson.findMany({ where: { analysisId: a.id }, orderBy: [{ kind: "asc" }, { number: "asc" }] });
  const parsed = ZAnalysisResult.safeParse(a.output);
  const set = parsed.success && parsed.data.kind === "lessons" ? parsed.data : undefined;
  return {
    trajectory: a.trajectory,
    analysis: {
      status: a.status,
      error: describeProblem(a.status, a.error, a.output),
      analyst: toAnalystLabel(a.analyst),
      perspective: set?.perspective ?? null,
      model: set?.model ?? null,
      leanPath: set?.leanPath ?? null,
      invalidCitations: a.invalidCitations,
      sawGraderEvidence: set?.sawGraderEvidence ?? false,
    },
    lessons: await toLessonViews(runId, rows),
  };
}

/** The lessons of one trajectory of the run whose stepRefs contain `step` (stepRefs @> [step]). */
export async function listLessonsCitingStep(workspaceId: string, runId: string, trajectoryId: string, step: number): Promise<TLessonView[]> {
  await requireAnalysis(workspaceId, runId, trajectoryId);
  const rows = await db().lesson.findMany({ where: { runId, trajectoryId, stepRefs: { has: step } }, orderBy: [{ kind: "asc" }, { number: "asc" }] });
  return toLessonViews(runId, rows);
}
