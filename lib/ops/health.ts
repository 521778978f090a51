import { z } from "zod";
import { db } from "../db/client";
import { senderBoss } from "../jobs/boss";
import { HEARTBEAT_MS } from "../jobs/worker";

export const ZHealth = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  database: z.object({ ok: z.boolean(), engine: z.string().nullable(), latencyMs: z.number().nullable(), error: z.string().optional() }),
  queue: z.object({ ok: z.boolean(), ready: z.number(), active: z.number(), failed: z.number(), error: z.string().optional() }),
  workers: z.object({ alive: z.number(), lastSeenAt: z.string().nullable() }),
  checkedAt: z.string(),
});
export type THealth = z.infer<typeof ZHealth>;

const message = (e: unknown) => (e instanceof Error ? e.message.split("\n")[0] : String(e));

export async function checkHealth(): Promise<THealth> {
  const database: THealth["database"] = { ok: false, engine: null, latencyMs: null };
  try {
    const t0 = performance.now();
    const rows = await db().$queryRaw<{ version: string }[]>`SELECT version() AS version`;
    database.latencyMs = Math.round((performance.now() - t0) * 10) / 10;
    database.engine = rows[0]?.version.includes("PGlite") ? "pglite" : "postgresql";
    database.ok = true;
  } catch (e) {
    database.error = message(e);
  }

  const queue: THealth["queue"] = { ok: false, ready: 0, active: 0, failed: 0 };
  const workers: THealth["workers"] = { alive: 0, lastSeenAt: null };
  if (database.ok) {
    try {
      const queues = await (await senderBoss()).getQueues();
      for (const q of queues) {
        queue.ready += q.readyCount;
        queue.active += q.activeCount;
        queue.failed += q.failedCount;
      }
      queue.ok = true;
    } catch (e) {
      queue.error = message(e);
    }
    // A worker counts as alive if it beat within three heartbeat intervals.
    const since = new Date(Date.now() - 3 * HEARTBEAT_MS);
    const [alive, latest] = await Promise.all([
      db().workerHeartbeat.count({ where: { lastSeenAt: { gte: since } } }),
      db().workerHeartbeat.findFirst({ orderBy: { lastSeenAt: "desc" }, select: { lastSeenAt: true } }),
    ]);
    workers.alive = alive;
    workers.lastSeenAt = latest?.lastSeenAt.toISOString() ?? null;
  }
  const status = !database.ok ? "down" : queue.ok && workers.alive > 0 ? "ok" : "degraded";
  return { status, database, queue, workers, checkedAt: new Date().toISOString() };
}
