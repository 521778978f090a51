import type { ZodType } from "zod";
import { db, Prisma } from "../db/client";
import { AppError } from "../errors";
import { claimStep, commitStep, type TStepRows } from "./step-store";

// Every LLM call of a run is a durable keyed step (ARCHITECTURE.md, house style 3): a row unique on
// (run, key) records its output once it succeeded, so a retried job or a restarted worker reuses
// the answer instead of paying for the call again. The domain rows a step produces (lessons, a
// patch, the run's usage) are written in the same transaction that marks it done, so a crash
// between the two can neither lose them nor write them twice; if that transaction fails, the
// answer is still stored with the failed status, so the retry only redoes the commit.
// The SQL lives in step-store.ts, batched across the lanes of a run.

/** A worker that died mid-call leaves its step "running"; after this long another may take it. */
export const STEP_LEASE_MS = 10 * 60_000;

export type TTx = Prisma.TransactionClient;
export type { TStepRows } from "./step-store";

export type TStepOutcome<T> = { value: T; reused: boolean };

type TStepOptions<T> = {
  /** The domain rows of a successful step, written inside the transaction that records it. */
  rows?: (value: T) => TStepRows;
  leaseMs?: number;
};

type TBackgroundOptions<T> = TStepOptions<T> & {
  /** The commit waits for this first (the commit of the step this one builds on). */
  after?: Promise<unknown>;
};

/** Runs `fn` once per (run, key); later calls return the stored value. Resolves once committed. */
export async function runDurableStep<T>(runId: string, key: string, schema: ZodType<T>, fn: () => Promise<T>, opts: TStepOptions<T> = {}): Promise<TStepOutcome<T>> {
  const r = await runDurableStepInBackground(runId, key, schema, fn, opts);
  await r.committed;
  return { value: r.value, reused: r.reused };
}

/**
 * Like runDurableStep, but resolves as soon as the answer is there; `committed` settles when it
 * is stored (rejects, with the step marked failed, when that fails). A run's lanes use it so the
 * next call does not wait for the database: commits are written in arrival order, and a step that
 * builds on another passes that one's `committed` as `after`, so it is never stored without it.
 * A worker killed before the commit redoes the call, as if it had been killed during it.
 */
export async function runDurableStepInBackground<T>(
  runId: string,
  key: string,
  schema: ZodType<T>,
  fn: () => Promise<T>,
  opts: TBackgroundOptions<T> = {},
): Promise<TStepOutcome<T> & { committed: Promise<void> }> {
  const claim = await claimStep(runId, key, new Date(Date.now() - (opts.leaseMs ?? STEP_LEASE_MS)));
  if (!claim.claimed) {
    if (claim.status === "done" || claim.status === "skipped") return { value: schema.parse(claim.output), reused: true, committed: Promise.resolve() };
    throw new AppError("unavailable:step", `Step ${key} is being run by another worker.`, { retryable: true });
  }
  // An answer that was paid for but whose commit failed is kept, so the retry only redoes the commit.
  const recovered = claim.output === null || claim.output === undefined ? undefined : schema.safeParse(claim.output);
  let value: T;
  try {
    value = recovered?.success ? recovered.data : schema.parse(await fn());
  } catch (e) {
    await markFailed(runId, key, e, undefined);
    throw e;
  }
  // Built now, so the caller sees what will be written (ids of new rows) before it is.
  const rows = opts.rows?.(value) ?? {};
  const committed = (async () => {
    try {
      await opts.after;
      await commitStep({ runId, key, output: value, rows });
    } catch (e) {
      await markFailed(runId, key, e, value);
      throw e;
    }
  })();
  // Callers that go on without awaiting must not leave an unhandled rejection behind.
  committed.catch(() => undefined);
  return { value, reused: recovered?.success === true, committed };
}

async function markFailed(runId: string, key: string, e: unknown, value: unknown): Promise<void> {
  const message = e instanceof Error ? e.message : String(e);
  const output = value === undefined ? {} : { output: value as Prisma.InputJsonValue };
  await db().durableStep.update({ where: { runId_key: { runId, key } }, data: { status: "failed", error: message.slice(0, 4000), ...output } });
}

/**
 * Frees the steps an earlier attempt of this run left "running" (its worker was killed mid-call),
 * so the next attempt redoes them at once instead of waiting out STEP_LEASE_MS or recording them
 * as failed. Safe because a run has one driver at a time: its queue job (singleton per run) is
 * handed to another worker only after the last one's heartbeat went stale, and the CLI drives a
 * run in-process only when it did not queue it.
 */
export async function releaseAbandonedSteps(runId: string): Promise<number> {
  const r = await db().durableStep.updateMany({ where: { runId, status: "running" }, data: { status: "pending" } });
  return r.count;
}

/** Forgets a step's result so it runs again (retry of a failed item, re-merge after lesson edits). */
export async function resetDurableSteps(runId: string, keys: string[]): Promise<number> {
  const r = await db().durableStep.deleteMany({ where: { runId, key: { in: keys } } });
  return r.count;
}
