import { db, type Prisma } from "../db/client";
import { AppError, isAppError } from "../errors";
import { releaseAbandonedSteps } from "./durable-step";
import { createMergeAhead } from "./merge-ahead";
import { runAnalystStage } from "./stage-analyse";
import { runFinalizeStage } from "./stage-finalize";
import { outcomeLookup, runReduceStage } from "./stage-reduce";
import { loadRunContext, type TRunEnvironment } from "./run-context";

// A run from start to proposal, as one resumable job: each stage reads what the durable steps
// already hold and does only what is missing, so a retried job (worker killed, deploy) picks up
// where the last one stopped without paying twice. Cancel and the budget cap are checked every
// second; either stops new work, lets calls in flight end (their answers are kept), and leaves the
// partial results in place.

export const CONTROL_POLL_MS = 1000;

export type TStage = "queued" | "analyse" | "merge" | "apply" | "done";

async function setStage(runId: string, stage: TStage, extra: Prisma.DistillRunUpdateInput = {}): Promise<void> {
  await db().distillRun.update({ where: { id: runId }, data: { stage, ...extra } });
}

/** Why the run must stop now, if it must. */
async function checkControl(runId: string, budgetUsd: number | undefined): Promise<string | null> {
  const r = await db().distillRun.findUnique({ where: { id: runId }, select: { cancelRequested: true, costUsd: true } });
  if (!r || r.cancelRequested) return "cancelled";
  if (budgetUsd !== undefined && r.costUsd >= budgetUsd) return "budget";
  return null;
}

export async function driveRun(runId: string, envx: TRunEnvironment): Promise<void> {
  const run = await db().distillRun.findUnique({ where: { id: runId }, select: { status: true, cancelRequested: true, startedAt: true } });
  if (!run || run.status === "succeeded" || run.status === "failed" || run.status === "cancelled") return;
  if (run.cancelRequested) {
    await db().distillRun.update({ where: { id: runId }, data: { status: "cancelled", finishedAt: new Date() } });
    return;
  }
  await db().distillRun.update({ where: { id: runId }, data: { status: "running", ...(run.startedAt ? {} : { startedAt: new Date() }) } });
  await releaseAbandonedSteps(runId);

  const controller = new AbortController();
  const ctx = await loadRunContext(runId, { ...envx, signal: controller.signal });
  let stopReason: string | null = null;
  // Stops new work the moment a stop is known (by the watch, or between stages).
  const stop = (why: string) => {
    stopReason = why;
    if (!controller.signal.aborted) controller.abort(new AppError("conflict:run_stopped", why));
  };
  const watch = setInterval(() => {
    void checkControl(runId, ctx.config.budgetUsd)
      .then((why) => {
        if (why && !controller.signal.aborted) stop(why);
      })
      .catch(() => undefined);
  }, CONTROL_POLL_MS);
  watch.unref?.();

  // A stop the watch has not seen yet is checked between stages too; either way the run ends here.
  const stoppedBetweenStages = async (): Promise<boolean> => {
    const why = stopReason ?? (await checkControl(runId, ctx.config.budgetUsd));
    if (!why) return false;
    stop(why);
    await stopRun(runId, why, ctx.config.budgetUsd);
    return true;
  };
  const ahead = createMergeAhead(ctx);
  try {
    await setStage(runId, "analyse");
    await runAnalystStage(ctx, ahead);
    if (await stoppedBetweenStages()) return;
    await failIfNothingAnalysed(runId);

    await setStage(runId, "merge");
    const finalPatch = await runReduceStage(ctx, ahead);
    // What is still merging ahead was guessed wrong (the stage found no use for it): not worth paying.
    ahead.cancel();
    if (await stoppedBetweenStages()) return;

    await setStage(runId, "apply");
    const summary = await runFinalizeStage(ctx, finalPatch, await outcomeLookup(runId));
    await setStage(runId, "done", { status: "succeeded", finishedAt: new Date(), error: null, counters: { summary } as unknown as Prisma.InputJsonValue });
  } catch (e) {
    if (stopReason) return await stopRun(runId, stopReason, ctx.config.budgetUsd);
    // Retryable trouble (database or queue blips) is left to the job's retries; the rest ends the run.
    if (isAppError(e) && e.retryable) throw e;
    await failRun(runId, e);
  } finally {
    clearInterval(watch);
    // No merge started ahead outlives the run, whichever way it ended.
    ahead.cancel();
    await ahead.drain();
    await ctx.deps.llm?.flush?.();
  }
}

async function stopRun(runId: string, why: string, budgetUsd: number | undefined): Promise<void> {
  const done = await db().analysis.count({ where: { runId, status: { in: ["done", "skipped"] } } });
  const total = await db().analysis.count({ where: { runId } });
  await db().analysis.updateMany({ where: { runId, status: "running" }, data: { status: "pending" } });
  const error =
    why === "budget"
      ? `Stopped at the budget of $${budgetUsd?.toFixed(2)}: ${done} of ${total} trajectories analysed. Their lessons and patches are kept.`
      : `Cancelled: ${done} of ${total} trajectories analysed. Their lessons and patches are kept.`;
  await db().distillRun.update({ where: { id: runId }, data: { status: "cancelled", stage: why === "budget" ? "budget" : "cancelled", error, finishedAt: new Date() } });
}

/** Every analyst call failing means the run cannot say anything; name the most common reason. */
async function failIfNothingAnalysed(runId: string): Promise<void> {
  const byStatus = await db().analysis.groupBy({ by: ["status"], where: { runId }, _count: true });
  const count = (s: string) => byStatus.find((b) => b.status === s)?._count ?? 0;
  if (count("failed") === 0 || count("done") > 0 || count("skipped") > 0) return;
  const errors = await db().analysis.findMany({ where: { runId, status: "failed" }, select: { error: true }, take: 500 });
  const reasons = new Map<string, number>();
  for (const e of errors) {
    const r = (e.error ?? "unknown").split(":")[0]!;
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  const [top] = [...reasons.entries()].sort((a, b) => b[1] - a[1]);
  const sample = errors.find((e) => e.error?.startsWith(top![0]))?.error ?? "";
  throw new AppError("unavailable:analysts", `Every analyst call failed (${count("failed")} trajectories; most often "${top![0]}": ${sample}). Check the LLM connection, then retry the failed items.`, { retryable: false });
}

export async function failRun(runId: string, e: unknown): Promise<void> {
  const message = isAppError(e) && e.kind !== "internal" ? e.message : `The run stopped on an unexpected error: ${e instanceof Error ? e.message : String(e)}`;
  await db().distillRun.update({ where: { id: runId }, data: { status: "failed", error: message.slice(0, 4000), finishedAt: new Date() } });
}
