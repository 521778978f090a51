import { PgBoss } from "pg-boss";
import { AppError } from "../errors";
import { databaseUrl } from "../db/client";
import type { TJobDefinition } from "./define";
import { JOBS } from "./definitions";

// pg-boss keeps its tables in the "pgboss" schema of the product's database, so jobs need no other
// service and any number of worker processes can share one PostgreSQL.

export type TBossRole = "worker" | "sender";

export function createBoss(url: string, role: TBossRole): PgBoss {
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    max: role === "worker" ? 4 : 2,
    application_name: `t2s-${role}`,
    // Only workers maintain the queues and fire cron schedules; web processes just send and read stats.
    supervise: role === "worker",
    schedule: role === "worker",
    // How soon a job whose worker died (missed heartbeats) is handed to another worker.
    superviseIntervalSeconds: 10,
  });
  boss.on("error", (e: unknown) => console.error(`[jobs:${role}]`, e instanceof Error ? e.message : e));
  return boss;
}

export async function ensureQueues(boss: PgBoss, jobs: TJobDefinition<any>[] = JOBS): Promise<void> {
  for (const job of jobs) {
    const existing = await boss.getQueue(job.name);
    if (!existing) await boss.createQueue(job.name, { ...job.queue });
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
  }
}

/** Installs or upgrades pg-boss's schema and the queues; the launcher runs it once before workers start. */
export async function installJobSchema(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, schema: "pgboss", supervise: false, schedule: false, max: 1 });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

const holder = globalThis as unknown as { __t2sBoss?: { url: string; boss: Promise<PgBoss> } };

/** The sending instance of this (web) process. */
export function senderBoss(): Promise<PgBoss> {
  const url = databaseUrl();
  if (holder.__t2sBoss?.url !== url) {
    const boss = createBoss(url, "sender");
    // Queues are created here too, so a web process never sends to a queue that a newer release
    // added but no worker has registered yet.
    const started = boss.start().then(async () => (await ensureQueues(boss), boss));
    // A failed start (database down) must not be cached: the next call tries again.
    started.catch(() => {
      if (holder.__t2sBoss?.boss === started) holder.__t2sBoss = undefined;
    });
    holder.__t2sBoss = { url, boss: started };
  }
  return holder.__t2sBoss.boss;
}

export async function enqueue<T>(job: TJobDefinition<T>, data: T, options: { singletonKey?: string; startAfter?: number } = {}): Promise<string | null> {
  const payload = job.payload.parse(data);
  const boss = await senderBoss();
  try {
    return await boss.send(job.name, payload as object, options);
  } catch (e) {
    throw new AppError("unavailable:queue", "The job queue is not reachable right now; try again.", { cause: e });
  }
}
