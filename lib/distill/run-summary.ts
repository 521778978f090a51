import { z } from "zod";
import { db } from "../db/client";

// A run's outcome in one small document: what `t2s distill --json` prints, what the demo seed and
// the benchmark check. Counts are read from the rows (analyses, proposal items), not from counters
// a crash could have left behind.

export const ZRunSummary = z
  .object({
    runId: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
    stage: z.string(),
    trajectories: z.number().int(),
    analyses: z.object({ done: z.number().int(), failed: z.number().int(), skipped: z.number().int() }).strict(),
    items: z.number().int(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    costUsd: z.number(),
    error: z.string().nullable(),
  })
  .strict();
export type TRunSummary = z.infer<typeof ZRunSummary>;

export async function readRunSummary(runId: string): Promise<TRunSummary> {
  const run = await db().distillRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true, stage: true, tokensIn: true, tokensOut: true, costUsd: true, error: true } });
  const byStatus = await db().analysis.groupBy({ by: ["status"], where: { runId }, _count: true });
  const count = (s: string) => byStatus.find((b) => b.status === s)?._count ?? 0;
  const trajectories = byStatus.reduce((n, b) => n + b._count, 0);
  const items = await db().proposalItem.count({ where: { runId } });
  return {
    runId,
    status: run.status,
    stage: run.stage,
    trajectories,
    analyses: { done: count("done"), failed: count("failed"), skipped: count("skipped") },
    items,
    tokensIn: run.tokensIn,
    tokensOut: run.tokensOut,
    costUsd: run.costUsd,
    error: run.error,
  };
}

/** One progress line, e.g. "analyse · 12/40 analysed (1 failed) · 3,204 tokens · $0.0123". */
export function describeProgress(s: TRunSummary): string {
  const settled = s.analyses.done + s.analyses.failed + s.analyses.skipped;
  const failed = s.analyses.failed ? ` (${s.analyses.failed} failed)` : "";
  const tokens = (s.tokensIn + s.tokensOut).toLocaleString("en-US");
  return `${s.status} · ${s.stage} · ${settled}/${s.trajectories} analysed${failed} · ${s.items} proposal items · ${tokens} tokens · $${s.costUsd.toFixed(4)}`;
}
