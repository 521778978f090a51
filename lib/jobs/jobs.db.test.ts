import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { ZodError } from "zod";
import { db } from "../db/client";
import { enqueue } from "./boss";
import { poolRefreshStats } from "./definitions";
import { startWorker, type TWorker } from "./worker";
import { createTestPool, createTestTrajectory, createTestWorkspace } from "../testing/builders";

let worker: TWorker;
beforeAll(async () => {
  worker = await startWorker({ url: inject("databaseUrl"), concurrency: 2, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop();
});

describe("poolRefreshStats", () => {
  it("recounts the pool and hashes its trajectories when a worker runs it", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    const hashes = ["b".repeat(64), "a".repeat(64)];
    for (const contentHash of hashes) await createTestTrajectory({ pool, contentHash });
    const expected = createHash("sha256").update(`${"a".repeat(64)}\n${"b".repeat(64)}\n`).digest("hex");

    const jobId = await enqueue(poolRefreshStats, { poolId: pool.id });
    expect(jobId).toEqual(expect.any(String));
    // The worker polls its queue; wait for the outcome, not for a fixed time.
    await vi.waitFor(
      async () => {
        const row = await db().pool.findUniqueOrThrow({ where: { id: pool.id } });
        expect(row).toMatchObject({ trajectoryCount: 2, contentHash: expected });
      },
      { timeout: 45_000, interval: 200 },
    );
  });

  it("rejects an invalid payload before it reaches the queue", async () => {
    await expect(enqueue(poolRefreshStats, { poolId: "" })).rejects.toBeInstanceOf(ZodError);
    await expect(enqueue(poolRefreshStats, {} as { poolId: string })).rejects.toBeInstanceOf(ZodError);
  });
});
