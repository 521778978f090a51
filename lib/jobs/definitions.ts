import { z } from "zod";
import { db } from "../db/client";
import { refreshPoolStats } from "../pools/stats";
import { runImport } from "../pools/import/run-import";
import { driveRun, failRun } from "../distill/drive-run";
import { env } from "../env";
import { llmFromEnv } from "../llm/from-env";
import { defineJob, type TJobDefinition } from "./define";

export const poolRefreshStats = defineJob({
  name: "pool-refresh-stats",
  payload: z.object({ poolId: z.string().min(1) }),
  queue: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 600 },
  handler: async ({ poolId }) => {
    await refreshPoolStats(poolId);
  },
});

/** Parses an upload's files into trajectories (can take long for gigabyte uploads). */
export const poolImport = defineJob({
  name: "pool-import",
  payload: z.object({ uploadId: z.string().min(1) }),
  queue: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 6 * 3600 },
  handler: async ({ uploadId }) => {
    try {
      await runImport(uploadId);
    } catch (e) {
      // Shown on the import report; a retry sets the upload back to processing.
      await db().upload.update({ where: { id: uploadId }, data: { status: "failed", error: e instanceof Error ? e.message : String(e) } }).catch(() => undefined);
      throw e;
    }
  },
});

const DISTILL_RETRIES = 5;

/**
 * A distillation run, start to proposal. Resumable: every LLM call is a durable step, so a retry
 * after a crash (the heartbeat notices a dead worker) repeats no finished call.
 */
export const distillRun = defineJob({
  name: "distill-run",
  payload: z.object({ runId: z.string().min(1) }),
  queue: { retryLimit: DISTILL_RETRIES, retryDelay: 5, retryBackoff: true, expireInSeconds: 24 * 3600, heartbeatSeconds: 10 },
  handler: async ({ runId }, ctx) => {
    try {
      await driveRun(runId, { llm: llmFromEnv(), maskSecrets: env().T2S_MASK_SECRETS });
    } catch (e) {
      // Out of retries: the run says why instead of staying "running" forever.
      if (ctx.attempt > DISTILL_RETRIES) await failRun(runId, e).catch(() => undefined);
      throw e;
    }
  },
});

/** Hourly housekeeping: expired sessions, used or stale links, dead worker heartbeats. */
export const maintenanceCleanup = defineJob({
  name: "maintenance-cleanup",
  payload: z.object({}).passthrough(),
  cron: "17 * * * *",
  queue: { retryLimit: 1, expireInSeconds: 300 },
  handler: async () => {
    const now = new Date();
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
    await db().session.deleteMany({ where: { expiresAt: { lt: now } } });
    await db().verification.deleteMany({ where: { expiresAt: { lt: now } } });
    await db().invitation.deleteMany({ where: { expiresAt: { lt: monthAgo } } });
    await db().workerHeartbeat.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  },
});

// Every job the workers run. Later features add their definitions here.
export const JOBS: TJobDefinition<any>[] = [poolRefreshStats, poolImport, distillRun, maintenanceCleanup];
