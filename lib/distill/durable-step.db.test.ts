import { describe, expect, test } from "vitest";
import { z } from "zod";
import { db } from "../db/client";
import { createTestPool, createTestWorkspace } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { resetDurableSteps, runDurableStep } from "./durable-step";

async function setupRun() {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  return db().distillRun.create({ data: { workspaceId: ws.id, poolId: pool.id, mode: "error", createSkillName: "demo" } });
}

const ZOut = z.object({ n: z.number() });

describe("durable steps", () => {
  test("a finished step is never run again; its value is returned from the database", async () => {
    const run = await setupRun();
    let calls = 0;
    const fn = async () => ({ n: ++calls });
    expect(await runDurableStep(run.id, "analyse:t1", ZOut, fn)).toEqual({ value: { n: 1 }, reused: false });
    expect(await runDurableStep(run.id, "analyse:t1", ZOut, fn)).toEqual({ value: { n: 1 }, reused: true });
    expect(calls).toBe(1);
    expect(await db().durableStep.count({ where: { runId: run.id } })).toBe(1);
  });

  test("a failed step records its error and runs again on the next attempt", async () => {
    const run = await setupRun();
    await expect(runDurableStep(run.id, "map:t1", ZOut, async () => { throw new Error("endpoint down"); })).rejects.toThrow("endpoint down");
    const failed = await db().durableStep.findUniqueOrThrow({ where: { runId_key: { runId: run.id, key: "map:t1" } } });
    expect(failed).toMatchObject({ status: "failed", error: "endpoint down", attempts: 1 });
    expect((await runDurableStep(run.id, "map:t1", ZOut, async () => ({ n: 7 }))).value).toEqual({ n: 7 });
    expect(await db().durableStep.findUniqueOrThrow({ where: { runId_key: { runId: run.id, key: "map:t1" } } })).toMatchObject({ status: "done", attempts: 2, error: null });
  });

  test("domain rows are written with the step, and not when the commit fails", async () => {
    const run = await setupRun();
    const commit = async (tx: Parameters<NonNullable<Parameters<typeof runDurableStep>[4]>["commit"] & {}>[0], v: { n: number }) => {
      await tx.patch.create({ data: { runId: run.id, level: 0, index: v.n } });
      if (v.n === 2) throw new Error("constraint");
    };
    await runDurableStep(run.id, "map:a", ZOut, async () => ({ n: 1 }), { commit });
    await expect(runDurableStep(run.id, "map:b", ZOut, async () => ({ n: 2 }), { commit })).rejects.toThrow("constraint");
    expect((await db().patch.findMany({ where: { runId: run.id } })).map((p) => p.index)).toEqual([1]);
    expect(await db().durableStep.findUniqueOrThrow({ where: { runId_key: { runId: run.id, key: "map:b" } } })).toMatchObject({ status: "failed", error: "constraint" });
    // The retry reuses the answer it already paid for and only redoes the commit.
    let calls = 0;
    const again = await runDurableStep(run.id, "map:b", ZOut, async () => ({ n: ++calls + 10 }), { commit: async (tx, v) => void (await tx.patch.create({ data: { runId: run.id, level: 1, index: v.n } })) });
    expect(again).toEqual({ value: { n: 2 }, reused: true });
    expect(calls).toBe(0);
  });

  test("a step another worker is running is refused as retryable; a stale one is taken over", async () => {
    const run = await setupRun();
    await db().durableStep.create({ data: { runId: run.id, key: "merge:L1.0", status: "running" } });
    await expectAppError(runDurableStep(run.id, "merge:L1.0", ZOut, async () => ({ n: 1 })), "unavailable:step");
    expect((await runDurableStep(run.id, "merge:L1.0", ZOut, async () => ({ n: 3 }), { leaseMs: -1 })).value).toEqual({ n: 3 });
  });

  test("a reset step runs again", async () => {
    const run = await setupRun();
    await runDurableStep(run.id, "merge:L1.0", ZOut, async () => ({ n: 1 }));
    expect(await resetDurableSteps(run.id, ["merge:L1.0"])).toBe(1);
    expect((await runDurableStep(run.id, "merge:L1.0", ZOut, async () => ({ n: 2 }))).value).toEqual({ n: 2 });
  });
});
