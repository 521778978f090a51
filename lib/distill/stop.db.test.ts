import { afterEach, describe, expect, test, vi } from "vitest";
import { db } from "../db/client";
import { setupPrincipal } from "../testing/builders";
import { distillScript } from "../testing/fake-openai/distill-script";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { createRun } from "./create-run";
import { CONTROL_POLL_MS, driveRun } from "./drive-run";
import { ZCreateRun } from "./run-config";
import { setupRunFixture } from "./testing/run-setup";

// Stopping a run cleanly: a cancel request and the budget cap both end it as "cancelled" within
// about one control poll, keep what finished, and send no LLM request afterwards.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TFakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startLlmRun(config: Record<string, unknown>, pricing?: { inputPerMTok: number; outputPerMTok: number }) {
  const { ws, pool } = await setupRunFixture(30);
  server = await startFakeOpenAI(distillScript({ latencyMs: 100 }));
  const { llm } = createTestLlm(server, pricing ? { pricing: { default: pricing } } : {});
  const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: 2, ...config } });
  const { id, trajectories } = await createRun(ws.id, setupPrincipal(ws), input, { llm, start: async () => undefined });
  return { id, trajectories, driving: driveRun(id, { llm, maskSecrets: true }) };
}

/** No request arrives in the `quietMs` after the run stopped. */
async function expectQuiet(quietMs: number): Promise<void> {
  const before = server!.requests.length;
  await sleep(quietMs);
  expect(server!.requests.length).toBe(before);
  expect(server!.inFlight).toBe(0);
}

async function expectPartialResults(runId: string, trajectories: number): Promise<void> {
  const analyses = await db().analysis.findMany({ where: { runId }, include: { _count: { select: { lessons: true } } } });
  const byStatus = (s: string) => analyses.filter((a) => a.status === s).length;
  expect(byStatus("done")).toBeGreaterThan(0);
  expect(byStatus("done") + byStatus("skipped")).toBeLessThan(trajectories);
  // Calls cut off by the stop go back to pending (a retry takes them), none is recorded as failed.
  expect(byStatus("running")).toBe(0);
  expect(byStatus("failed")).toBe(0);
  expect(byStatus("pending")).toBeGreaterThan(0);
  expect(await db().lesson.count({ where: { runId } })).toBe(analyses.reduce((n, a) => n + a._count.lessons, 0));
  expect(await db().lesson.count({ where: { runId } })).toBeGreaterThan(0);
  expect(await db().patch.count({ where: { runId, level: 0 } })).toBeGreaterThan(0);
}

describe("stopping a run", () => {
  test("cancel mid-analyse: cancelled within a poll or two, partial lessons kept, no LLM request afterwards", async () => {
    const { id, trajectories, driving } = await startLlmRun({});
    await vi.waitFor(() => expect(server!.requests.filter((r) => r.role === "analyst").length).toBeGreaterThanOrEqual(6), { timeout: 30_000, interval: 10 });
    const askedAt = Date.now();
    await db().distillRun.update({ where: { id }, data: { cancelRequested: true } });
    await driving;
    expect(Date.now() - askedAt).toBeLessThan(2 * CONTROL_POLL_MS + 1000);
    await expectQuiet(1500);

    const run = await db().distillRun.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ status: "cancelled", stage: "cancelled", error: expect.stringMatching(/^Cancelled: \d+ of \d+ trajectories analysed\. Their lessons and patches are kept\./) });
    expect(run.finishedAt).not.toBeNull();
    await expectPartialResults(id, trajectories);
    expect(await db().proposalItem.count({ where: { runId: id } })).toBe(0);
  });

  test("cancel once merging has begun: the merges started ahead stop with the run", async () => {
    // Fan-in 2: nearly every pair of MAP patches has a merge that can start before the stage ends.
    const { id, driving } = await startLlmRun({ fanIn: 2 });
    await vi.waitFor(() => expect(server!.requests.filter((r) => r.role === "merger").length).toBeGreaterThanOrEqual(1), { timeout: 60_000, interval: 10 });
    await db().distillRun.update({ where: { id }, data: { cancelRequested: true } });
    await driving;
    await expectQuiet(1500);
    expect(await db().distillRun.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "cancelled" });
    expect(await db().proposalItem.count({ where: { runId: id } })).toBe(0);
  });

  test("budget cap: stops as cancelled at stage budget, says so, keeps partial results", async () => {
    // ≈ 1-2k prompt tokens per call at $10/MTok: a cent or two each, so $0.05 is reached within a few calls.
    const { id, trajectories, driving } = await startLlmRun({ budgetUsd: 0.05 }, { inputPerMTok: 10, outputPerMTok: 30 });
    await driving;
    await expectQuiet(1500);

    const run = await db().distillRun.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ status: "cancelled", stage: "budget", error: expect.stringMatching(/^Stopped at the budget of \$0\.05: \d+ of \d+ trajectories analysed\. Their lessons and patches are kept\./) });
    expect(run.costUsd).toBeGreaterThanOrEqual(0.05);
    // The cap is checked once a second, so it overshoots by at most about a second of calls.
    const calls = server!.requests.length;
    expect(calls).toBeLessThan(2 * trajectories);
    expect(run.costUsd / calls).toBeGreaterThan(0);
    await expectPartialResults(id, trajectories);
  });
});
