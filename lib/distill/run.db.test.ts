import { afterEach, describe, expect, test } from "vitest";
import { db } from "../db/client";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { distillScript } from "../testing/fake-openai/distill-script";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { importTestTrajectories } from "../testing/trajectories";
import { setupDistillPool } from "../testing/driven-run";
import { createRun } from "./create-run";
import { driveRun } from "./drive-run";
import { ZCreateRun } from "./run-config";

// A whole run against the database: rule-based, and through the real LLM client against the fake
// server with faults. The job queue is bypassed (start is a no-op; driveRun is called directly).

let server: TFakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const setup = setupDistillPool;

const noStart = async () => undefined;

describe("a distillation run", () => {
  test("rule-based: lessons with citations, map patches, a merge tree and a proposal with support", async () => {
    const { ws, pool } = await setup(40);
    const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", minSupport: 2 } });
    const { id, trajectories } = await createRun(ws.id, setupPrincipal(ws), input, { llm: null, start: noStart });
    expect(trajectories).toBeGreaterThan(20);
    await driveRun(id, { llm: null, maskSecrets: true });

    const run = await db().distillRun.findUniqueOrThrow({ where: { id } });
    expect(run).toMatchObject({ status: "succeeded", stage: "done", models: { kind: "rule-based" } });
    const analyses = await db().analysis.findMany({ where: { runId: id } });
    expect(analyses.every((a) => a.status === "done" || a.status === "skipped")).toBe(true);
    const lessons = await db().lesson.findMany({ where: { runId: id } });
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons.every((l) => l.stepRefs.length > 0)).toBe(true);
    const patches = await db().patch.findMany({ where: { runId: id } });
    expect(patches.filter((p) => p.level === 0).length).toBeGreaterThan(5);
    expect(Math.max(...patches.map((p) => p.level))).toBeGreaterThanOrEqual(1);
    const items = await db().proposalItem.findMany({ where: { runId: id }, orderBy: { position: "asc" } });
    expect(items.length).toBeGreaterThan(0);
    // Support is the number of distinct source trajectories, split by outcome.
    for (const item of items.filter((i) => i.sourceTrajectoryIds.length)) {
      expect(item.support).toBe(new Set(item.sourceTrajectoryIds).size);
      expect(item.supportError + item.supportSuccess).toBe(item.support);
    }
    expect(items.some((i) => i.support >= 2)).toBe(true);

    // A second drive of a finished run changes nothing.
    const stepsBefore = await db().durableStep.count({ where: { runId: id } });
    await driveRun(id, { llm: null, maskSecrets: true });
    expect(await db().durableStep.count({ where: { runId: id } })).toBe(stepsBefore);
  });

  test("held-out trajectories never enter a run", async () => {
    const { ws, pool } = await setup(30);
    await db().trajectory.updateMany({ where: { poolId: pool.id, outcome: "failure" }, data: { split: "holdout" } });
    const { id } = await createRun(ws.id, setupPrincipal(ws), ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined" } }), { llm: null, start: noStart });
    const rows = await db().analysis.findMany({ where: { runId: id }, include: { trajectory: { select: { split: true } } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.trajectory.split === "evolve")).toBe(true);
  });

  test("LLM with faults: every trajectory ends with lessons or an explicit recorded failure", async () => {
    const { ws, pool } = await setup(24);
    server = await startFakeOpenAI(distillScript({ seed: 5, faultRate: 0.3, faultKinds: ["rate_limited", "server_error", "malformed", "truncated", "refusal"], retryAfterSeconds: 0 }));
    const { llm } = createTestLlm(server, { retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1000, retryAfterJitterMs: 0 } });
    const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: 6, minSupport: 1 } });
    const { id } = await createRun(ws.id, setupPrincipal(ws), input, { llm, start: noStart });
    await driveRun(id, { llm, maskSecrets: true });

    const run = await db().distillRun.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe("succeeded");
    expect(run.tokensIn).toBeGreaterThan(0);
    const analyses = await db().analysis.findMany({ where: { runId: id }, include: { lessons: true } });
    for (const a of analyses) {
      if (a.status === "done") expect(a.lessons.length).toBeGreaterThan(0);
      else expect(a.status === "failed" || a.status === "skipped").toBe(true);
      if (a.status === "failed") expect(a.error).toMatch(/^(refusal|rate_limited|server_error|unparsable|truncated|timeout|network)/);
    }
    expect(analyses.some((a) => a.status === "done")).toBe(true);
    expect(await db().proposalItem.count({ where: { runId: id } })).toBeGreaterThan(0);
  });

  test("never has more LLM calls in flight than the run's concurrency, though twice as many trajectories are worked on", async () => {
    const { ws, pool } = await setup(24);
    server = await startFakeOpenAI(distillScript({ latencyMs: 30 }));
    // The endpoint would allow 16: the run's own cap of 3 is what holds.
    const { llm } = createTestLlm(server, { concurrency: 16 });
    const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: 3, minSupport: 1 } });
    const { id } = await createRun(ws.id, setupPrincipal(ws), input, { llm, start: noStart });
    await driveRun(id, { llm, maskSecrets: true });
    expect((await db().distillRun.findUniqueOrThrow({ where: { id } })).status).toBe("succeeded");
    expect(server.requests.length).toBeGreaterThan(20);
    expect(server.maxInFlight).toBe(3);
  });

  test("merges start before the last MAP answer is in, and each merge node is asked for exactly once", async () => {
    const { ws, pool } = await setup(40);
    server = await startFakeOpenAI(distillScript({ latencyMs: 20 }));
    const { llm } = createTestLlm(server, { concurrency: 16 });
    // Fan-in 2 gives every full pair of MAP patches a node that can start at once (merge-ahead.ts).
    const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: 3, fanIn: 2, minSupport: 1 } });
    const { id } = await createRun(ws.id, setupPrincipal(ws), input, { llm, start: noStart });
    await driveRun(id, { llm, maskSecrets: true });
    expect((await db().distillRun.findUniqueOrThrow({ where: { id } })).status).toBe("succeeded");

    const merges = server.requests.filter((r) => r.role === "merger" && r.schemaName === "merged_patch");
    const maps = server.requests.filter((r) => r.role === "mapper");
    const lastMapAnswer = Math.max(...maps.map((r) => r.receivedAt + (r.servedMs ?? 0)));
    expect(merges.filter((r) => r.receivedAt < lastMapAnswer).length).toBeGreaterThan(0);
    // One call per node that merges two or more inputs: none asked twice, none guessed wrong.
    const nodes = await db().patch.findMany({ where: { runId: id, level: { gt: 0 } }, select: { inputIds: true, status: true } });
    expect(merges.length).toBe(nodes.filter((n) => n.inputIds.length > 1).length);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  test("an empty selection is refused with what to do", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    await importTestTrajectories(ws, pool, [{ outcome: "unknown" }]);
    await expect(createRun(ws.id, setupPrincipal(ws), ZCreateRun.parse({ pool: pool.name, create: { name: "new-skill", description: "A skill." } }), { llm: null, start: noStart })).rejects.toThrow(/no failure trajectories/);
  });
});
