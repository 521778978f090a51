import os from "node:os";
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { db } from "../db/client";
import { createBoss, ensureQueues } from "./boss";
import type { TJobDefinition } from "./define";
import { JOBS } from "./definitions";

// A worker process: pulls jobs from every queue, validates payloads, runs handlers, and writes a
// heartbeat row so /api/health can tell whether anyone is working. Safe to run many at once:
// pg-boss hands each job to exactly one worker (SKIP LOCKED).

export const HEARTBEAT_MS = 5_000;

export type TWorker = { id: string; stop: () => Promise<void>; jobsDone: () => number };

export async function startWorker(opts: { url: string; concurrency: number; jobs?: TJobDefinition<any>[]; log?: (msg: string) => void }): Promise<TWorker> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const jobs = opts.jobs ?? JOBS;
  const boss: PgBoss = createBoss(opts.url, "worker");
  await boss.start();
  await ensureQueues(boss, jobs);
  let done = 0;
  const startedAt = new Date();

  const beat = async () => {
    const now = new Date();
    await db()
      .workerHeartbeat.upsert({
        where: { id },
        create: { id, hostname: os.hostname(), pid: process.pid, startedAt, lastSeenAt: now, jobsDone: done },
        update: { lastSeenAt: now, jobsDone: done },
      })
      .catch((e: unknown) => log(`[worker] heartbeat failed: ${e instanceof Error ? e.message : e}`));
  };
  await beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();

  for (const job of jobs) {
    await boss.work(job.name, { localConcurrency: opts.concurrency, pollingIntervalSeconds: 1 }, async ([j]) => {
      const parsed = job.payload.safeParse(j.data);
      if (!parsed.success) {
        // Not retryable: the same payload will never become valid.
        throw new Error(`Invalid payload for ${job.name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
      await job.handler(parsed.data, { jobId: j.id, workerId: id, attempt: ((j as { retryCount?: number }).retryCount ?? 0) + 1 });
      done++;
    });
  }
  log(`[worker] ${id} started: ${jobs.length} queue(s), concurrency ${opts.concurrency}`);

  let stopped = false;
  return {
    id,
    jobsDone: () => done,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await boss.stop({ graceful: true, timeout: 10_000, close: true }).catch(() => undefined);
      await db().workerHeartbeat.delete({ where: { id } }).catch(() => undefined);
    },
  };
}
