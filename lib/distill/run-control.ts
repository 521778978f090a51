import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { TStartRun } from "./create-run";
import { resetDurableSteps } from "./durable-step";
import { findRun } from "./run-detail";
import { isRunFinished } from "./run-progress";

// Cancel and retry, the two things a curator does to a run after starting it. Both are audited.
// Cancel only raises a flag for a running run (its driver polls it every second and stops cleanly,
// keeping finished work); a queued run has no driver yet, so it is cancelled at once.

export type TCancelResult = { status: "cancelled" | "cancelling" };

export async function cancelRun(workspaceId: string, principal: TPrincipal | undefined, runId: string): Promise<TCancelResult> {
  const run = await findRun(workspaceId, runId);
  if (isRunFinished(run.status)) throw new AppError("conflict:run_finished", `The run has ${run.status} already; there is nothing to cancel.`);
  // Conditional on "queued", so a driver that picked the run up meanwhile still sees the flag.
  const now = await db().distillRun.updateMany({
    where: { id: runId, status: "queued" },
    data: { status: "cancelled", stage: "cancelled", cancelRequested: true, finishedAt: new Date(), error: "Cancelled before it started: nothing was analysed." },
  });
  if (now.count === 0) await db().distillRun.update({ where: { id: runId }, data: { cancelRequested: true } });
  const result: TCancelResult = { status: now.count ? "cancelled" : "cancelling" };
  await recordAudit({ workspaceId, principal, action: "run.cancel", entityType: "run", entityId: runId, before: { status: run.status }, after: result });
  return result;
}

export type TRetryResult = { analyses: number; maps: number; merges: number; pending: number };

/**
 * Gives a finished run's failed items another go: failed analyses back to pending (their stored
 * analyst step forgotten so the call is made again), failed MAP patches removed (the driver maps
 * done analyses without a patch), passed-through merge nodes' steps forgotten; then the run is
 * queued again. Everything that succeeded is reused from its durable step, so nothing is paid twice.
 */
export async function retryFailedItems(workspaceId: string, principal: TPrincipal | undefined, runId: string, deps: { start: TStartRun }): Promise<TRetryResult> {
  const run = await findRun(workspaceId, runId);
  if (!isRunFinished(run.status)) throw new AppError("conflict:run_active", "The run is still going; retry its failed items once it has finished or been cancelled.");
  const decided = await db().proposalItem.count({ where: { runId, status: { not: "pending" } } });
  if (decided > 0) throw new AppError("conflict:run_reviewed", `${decided} items of this run's proposal have been reviewed; retrying would rebuild the proposal and lose those decisions.`);

  const failed = await db().analysis.findMany({ where: { runId, status: "failed" }, select: { id: true, trajectoryId: true } });
  const passed = await db().patch.findMany({ where: { runId, level: { gt: 0 }, status: "passthrough" }, select: { level: true, index: true } });
  const mergeKeys = passed.length
    ? (await db().durableStep.findMany({ where: { runId, OR: passed.map((p) => ({ key: { startsWith: `merge:L${p.level}.${p.index}:` } })) }, select: { key: true } })).map((s) => s.key)
    : [];
  const pending = await db().analysis.count({ where: { runId, status: { in: ["pending", "running"] } } });
  const maps = await db().patch.count({ where: { runId, level: 0, status: "failed" } });
  if (!failed.length && !maps && !mergeKeys.length && !pending && run.status === "succeeded") {
    throw new AppError("conflict:nothing_to_retry", "Nothing in this run failed; there is nothing to retry.");
  }

  await resetDurableSteps(runId, [...failed.map((a) => `analyse:${a.trajectoryId}`), ...mergeKeys]);
  await db().$transaction([
    db().analysis.updateMany({ where: { runId, status: { in: ["failed", "running"] } }, data: { status: "pending", error: null, startedAt: null, finishedAt: null } }),
    db().patch.deleteMany({ where: { runId, level: 0, status: "failed" } }),
    db().distillRun.update({ where: { id: runId }, data: { status: "queued", stage: "queued", cancelRequested: false, error: null, finishedAt: null } }),
  ]);
  const result: TRetryResult = { analyses: failed.length, maps, merges: mergeKeys.length, pending };
  await recordAudit({ workspaceId, principal, action: "run.retry", entityType: "run", entityId: runId, before: { status: run.status }, after: result });
  await deps.start(runId);
  return result;
}
