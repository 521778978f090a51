import { z } from "zod";
import { db } from "../db/client";
import { notFound } from "../errors";
import { planMergeTree } from "./merge-plan";
import { ZRunConfig } from "./run-config";

// A run's progress, computed from the tables the stages write (never from counters a crashed
// worker could leave stale): analyses by status, level-0 patches for MAP, merge nodes per level
// against the plan the REDUCE stage would make from the current MAP patches, and the run row's
// usage. The SSE stream sends this object each time it changes, so it holds no clock-derived
// field that changes every second except while the run is live (elapsed, ETA).

export const ZRunProgress = z.object({
  runId: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  stage: z.string(),
  finished: z.boolean(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  analyse: z.object({ total: z.number(), pending: z.number(), running: z.number(), done: z.number(), failed: z.number(), skipped: z.number() }),
  /** MAP runs for each analysis that produced lessons: `of` is how many are analysed so far. */
  map: z.object({ of: z.number(), done: z.number(), failed: z.number(), withEdits: z.number() }),
  merge: z.object({
    /** Levels L of the plan over the current non-empty MAP patches (0 = nothing to merge yet). */
    levels: z.number(),
    /** Highest level with every node written (k of L). */
    level: z.number(),
    forced: z.boolean(),
    perLevel: z.array(z.object({ level: z.number(), nodes: z.number(), done: z.number(), passedThrough: z.number() })),
  }),
  apply: z.object({ started: z.boolean(), done: z.boolean(), items: z.number() }),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  budgetUsd: z.number().nullable(),
  elapsedMs: z.number().nullable(),
  /** Remaining analyst work at the throughput of the analyses finished so far; null when unknown. */
  etaMs: z.number().nullable(),
  failures: z.number(),
});
export type TRunProgress = z.infer<typeof ZRunProgress>;

const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

export function isRunFinished(status: string): boolean {
  return FINISHED.has(status);
}

export async function getRunProgress(runId: string, now: Date = new Date()): Promise<TRunProgress> {
  const run = await db().distillRun.findUnique({ where: { id: runId } });
  if (!run) throw notFound("run");
  const config = ZRunConfig.parse(run.config);

  const [byStatus, patchRows, nonEmpty, timing, items] = await Promise.all([
    db().analysis.groupBy({ by: ["status"], where: { runId }, _count: true }),
    db().patch.groupBy({ by: ["level", "status"], where: { runId }, _count: true }),
    db().$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM "patches" WHERE "runId" = ${runId} AND "level" = 0 AND "status" = 'ok' AND jsonb_array_length("edits") > 0`,
    db().analysis.aggregate({ where: { runId, finishedAt: { not: null }, status: { in: ["done", "failed", "skipped"] } }, _min: { startedAt: true }, _max: { finishedAt: true }, _count: true }),
    run.stage === "done" ? db().proposalItem.count({ where: { runId } }) : Promise.resolve(0),
  ]);
  const count = (s: string) => byStatus.find((b) => b.status === s)?._count ?? 0;
  const analyse = { total: byStatus.reduce((n, b) => n + b._count, 0), pending: count("pending"), running: count("running"), done: count("done"), failed: count("failed"), skipped: count("skipped") };

  const patches = (level: number, status?: string) => patchRows.filter((p) => p.level === level && (!status || p.status === status)).reduce((n, p) => n + p._count, 0);
  const map = { of: analyse.done, done: patches(0, "ok"), failed: patches(0, "failed"), withEdits: Number(nonEmpty[0]?.n ?? 0) };

  const plan = planMergeTree(map.withEdits, config.fanIn, config.maxLevels);
  const perLevel = plan.levels.map((nodes, i) => ({ level: i + 1, nodes: nodes.length, done: Math.min(nodes.length, patches(i + 1)), passedThrough: patches(i + 1, "passthrough") }));
  let level = 0;
  for (const l of perLevel) if (l.done >= l.nodes && l.nodes > 0) level = l.level;
  else break;
  const mergeStarted = ["merge", "apply", "done"].includes(run.stage);
  if (!mergeStarted) level = 0;

  const finished = isRunFinished(run.status);
  const elapsedMs = run.startedAt ? (run.finishedAt ?? now).getTime() - run.startedAt.getTime() : null;
  const remaining = analyse.pending + analyse.running;
  let etaMs: number | null = null;
  if (!finished && timing._count > 0 && timing._min.startedAt && timing._max.finishedAt) {
    const span = timing._max.finishedAt.getTime() - timing._min.startedAt.getTime();
    // Round to seconds so the stream does not emit a new object for every millisecond of drift.
    if (span > 0) etaMs = Math.round((remaining * span) / timing._count / 1000) * 1000;
  }
  const failedMerges = plan.levels.length ? patchRows.filter((p) => p.level > 0 && p.status === "passthrough").reduce((n, p) => n + p._count, 0) : 0;

  return ZRunProgress.parse({
    runId,
    status: run.status,
    stage: run.stage,
    finished,
    error: run.error,
    cancelRequested: run.cancelRequested,
    analyse,
    map,
    merge: { levels: plan.levels.length, level, forced: plan.forcedMerge, perLevel },
    apply: { started: run.stage === "apply" || run.stage === "done", done: run.stage === "done" && run.status === "succeeded", items },
    tokensIn: run.tokensIn,
    tokensOut: run.tokensOut,
    costUsd: run.costUsd,
    budgetUsd: config.budgetUsd ?? null,
    elapsedMs: elapsedMs === null ? null : finished ? elapsedMs : Math.floor(elapsedMs / 1000) * 1000,
    etaMs,
    failures: analyse.failed + map.failed + failedMerges,
  });
}
