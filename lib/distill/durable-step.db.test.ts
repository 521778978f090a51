import { describe, expect, test } from "vitest";
import { z } from "zod";
import { db } from "../db/client";
import { createTestPool, createTestWorkspace } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { randomId } from "../testing/ids";
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

  const patchRow = (runId: string, level: number, index: number) => ({ runId, level, index, status: "ok" as const, inputIds: [], sourceTrajectoryIds: [], sourceLessonIds: [], reasoning: "", edits: [], changelog: [], detail: {}, error: null });
  // A lesson of an analysis that does not exist: the foreign key fails the commit in the database.
  const orphanLesson = (runId: string) => ({ id: randomId("lesson"), runId, analysisId: "no-such-analysis", trajectoryId: "no-such-trajectory", kind: "failure_memory" as const, number: 1, title: "t", description: "d", content: "c", stepRefs: [1] });

  test("domain rows are written with the step, and not when the commit fails", async () => {
    const run = await setupRun();
    const rows = (v: { n: number }) => (v.n === 2 ? { patch: patchRow(run.id, 0, v.n), lessons: [orphanLesson(run.id)] } : { patch: patchRow(run.id, 0, v.n), usage: { tokensIn: 5, tokensOut: 1, costUsd: 0.5 } });
    await runDurableStep(run.id, "map:a", ZOut, async () => ({ n: 1 }), { rows });
    await expect(runDurableStep(run.id, "map:b", ZOut, async () => ({ n: 2 }), { rows })).rejects.toThrow(/foreign key/);
    expect((await db().patch.findMany({ where: { runId: run.id } })).map((p) => p.index)).toEqual([1]);
    expect(await db().distillRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ tokensIn: 5, tokensOut: 1, costUsd: 0.5 });
    expect(await db().durableStep.findUniqueOrThrow({ where: { runId_key: { runId: run.id, key: "map:b" } } })).toMatchObject({ status: "failed", error: expect.stringMatching(/foreign key/) });
    // The retry reuses the answer it already paid for and only redoes the commit.
    let calls = 0;
    const again = await runDurableStep(run.id, "map:b", ZOut, async () => ({ n: ++calls + 10 }), { rows: (v) => ({ patch: patchRow(run.id, 1, v.n) }) });
    expect(again).toEqual({ value: { n: 2 }, reused: true });
    expect(calls).toBe(0);
    expect((await db().patch.findMany({ where: { runId: run.id }, orderBy: { level: "asc" } })).map((p) => [p.level, p.index])).toEqual([[0, 1], [1, 2]]);
  });

  test("steps committed together in one batch: a bad one fails alone, the others are written once", async () => {
    const run = await setupRun();
    const keys = Array.from({ length: 40 }, (_, i) => `map:t${i}`);
    const results = await Promise.allSettled(
      keys.map((key, i) =>
        runDurableStep(run.id, key, ZOut, async () => ({ n: i }), { rows: (v) => ({ patch: patchRow(run.id, 0, v.n), usage: { tokensIn: 1, tokensOut: 0, costUsd: 0 }, ...(v.n === 17 ? { lessons: [orphanLesson(run.id)] } : {}) }) }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results[17]!.status).toBe("rejected");
    const patches = await db().patch.findMany({ where: { runId: run.id }, orderBy: { index: "asc" } });
    expect(patches.map((p) => p.index)).toEqual(keys.map((_, i) => i).filter((i) => i !== 17));
    expect((await db().distillRun.findUniqueOrThrow({ where: { id: run.id } })).tokensIn).toBe(39);
    const steps = await db().durableStep.groupBy({ by: ["status"], where: { runId: run.id }, _count: true });
    expect(Object.fromEntries(steps.map((s) => [s.status, s._count]))).toEqual({ done: 39, failed: 1 });
  });

  test("the same key asked twice at once runs once; the second is told another worker has it", async () => {
    const run = await setupRun();
    let calls = 0;
    const fn = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return { n: 1 };
    };
    const [a, b] = await Promise.allSettled([runDurableStep(run.id, "analyse:same", ZOut, fn), runDurableStep(run.id, "analyse:same", ZOut, fn)]);
    expect(calls).toBe(1);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
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
