import { randomUUID } from "node:crypto";
import type { ZodType } from "zod";
import { db, Prisma } from "../db/client";
import { AppError } from "../errors";

// Every LLM call of a run is a durable keyed step (ARCHITECTURE.md, house style 3): a row unique on
// (run, key) records its output once it succeeded, so a retried job or a restarted worker reuses
// the answer instead of paying for the call again. The domain rows a step produces (lessons, a
// patch) are written in the same transaction that marks it done (with its answer), so a crash
// between the two can neither lose them nor write them twice; if that transaction fails, the
// answer is still stored with the failed status, so the retry only redoes the commit.

/** A worker that died mid-call leaves its step "running"; after this long another may take it. */
export const STEP_LEASE_MS = 10 * 60_000;

export type TTx = Prisma.TransactionClient;

// Prisma's default 2 s wait for a connection is shorter than a queue of concurrent steps takes
// behind a small pool (5 connections, C = 64 lanes): the commit of a paid answer would fail as
// "Unable to start a transaction in the given time" and the trajectory be recorded failed.
const COMMIT_TX = { maxWait: 120_000, timeout: 120_000 };

export type TStepOutcome<T> = { value: T; reused: boolean };

type TStepOptions<T> = {
  /** Writes the domain rows of a successful step, inside the transaction that records it. */
  commit?: (tx: TTx, value: T) => Promise<void>;
  leaseMs?: number;
};

type TClaim = { claimed: true; output: unknown } | { claimed: false };

/**
 * Creates the step or takes it over (pending, failed, or running past its lease) in one statement:
 * a run makes two steps per trajectory, and on PGlite every round trip is time the single session
 * cannot serve the other lanes.
 */
async function claimStep(runId: string, key: string, leaseMs: number): Promise<TClaim> {
  const rows = await db().$queryRaw<{ output: unknown }[]>`
    INSERT INTO durable_steps (id, "runId", key, status, attempts, "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${runId}, ${key}, 'running', 1, now(), now())
    ON CONFLICT ("runId", key) DO UPDATE SET status = 'running', attempts = durable_steps.attempts + 1, error = NULL, "updatedAt" = now()
    WHERE durable_steps.status IN ('pending', 'failed') OR (durable_steps.status = 'running' AND durable_steps."updatedAt" < ${new Date(Date.now() - leaseMs)})
    RETURNING output`;
  return rows.length ? { claimed: true, output: rows[0]!.output } : { claimed: false };
}

/** Runs `fn` once per (run, key); later calls return the stored value. */
export async function runDurableStep<T>(runId: string, key: string, schema: ZodType<T>, fn: () => Promise<T>, opts: TStepOptions<T> = {}): Promise<TStepOutcome<T>> {
  const claim = await claimStep(runId, key, opts.leaseMs ?? STEP_LEASE_MS);
  if (!claim.claimed) {
    const row = await db().durableStep.findUniqueOrThrow({ where: { runId_key: { runId, key } } });
    if (row.status === "done" || row.status === "skipped") return { value: schema.parse(row.output), reused: true };
    throw new AppError("unavailable:step", `Step ${key} is being run by another worker.`, { retryable: true });
  }
  // An answer that was paid for but whose commit failed is kept, so the retry only redoes the commit.
  const recovered = claim.output === null || claim.output === undefined ? undefined : schema.safeParse(claim.output);
  let value: T | undefined;
  try {
    value = recovered?.success ? recovered.data : schema.parse(await fn());
    const answer = value;
    // The step is marked done first and the domain rows follow, so rows every step touches (the
    // run's usage counters) stay locked only until the commit right after them.
    await db().$transaction(async (tx) => {
      await tx.durableStep.update({ where: { runId_key: { runId, key } }, data: { status: "done", error: null, output: answer as Prisma.InputJsonValue } });
      await opts.commit?.(tx, answer);
    }, COMMIT_TX);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const output = value === undefined ? {} : { output: value as Prisma.InputJsonValue };
    await db().durableStep.update({ where: { runId_key: { runId, key } }, data: { status: "failed", error: message.slice(0, 4000), ...output } });
    throw e;
  }
  return { value, reused: recovered?.success === true };
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
