import { afterEach, describe, expect, inject, test, vi } from "vitest";
import { db } from "../db/client";
import { enqueue } from "../jobs/boss";
import { distillRun } from "../jobs/definitions";
import { setupPrincipal } from "../testing/builders";
import { distillScript } from "../testing/fake-openai/distill-script";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import type { TFakeRequest } from "../testing/fake-openai/script";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { createRun } from "./create-run";
import { ZCreateRun } from "./run-config";
import { setupRunFixture } from "./testing/run-setup";
import { spawnWorker, type TChildWorker } from "./testing/spawn-worker";

// Durable orchestration end to end: a real worker process is SIGKILLed mid-analyse and a second
// one finishes the run (pg-boss hands the job over once the dead worker's heartbeat is stale).
// The fake server counts the analyst and MAP requests per trajectory, so "no finished call is
// paid twice" is checked from the outside.

const LATENCY_MS = 100;
const CONCURRENCY = 2;
const KILL_AFTER = 8;

let server: TFakeOpenAI | undefined;
const workers: TChildWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.kill();
  await server?.close();
  server = undefined;
});

const CASE = /\[case-(\d{3})\]/;
const TRAJECTORY = /Records from trajectory (\S+)/;

function countBy(requests: TFakeRequest[], role: string, keyOf: (r: TFakeRequest) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests.filter((q) => q.role === role)) {
    const key = keyOf(r);
    expect(key, `a ${role} request names its trajectory`).toBeDefined();
    counts.set(key!, (counts.get(key!) ?? 0) + 1);
  }
  return counts;
}

async function doneSteps(runId: string, prefix: string): Promise<Set<string>> {
  const rows = await db().durableStep.findMany({ where: { runId, status: "done", key: { startsWith: prefix } }, select: { key: true } });
  return new Set(rows.map((r) => r.key.split(":")[1]!));
}

describe("a run survives its worker being killed", () => {
  test("SIGKILL mid-analyse, a new worker resumes: no finished call repeated, no duplicate rows, a proposal", { timeout: 180_000 }, async () => {
    const { ws, pool, trajectoryIds } = await setupRunFixture(30, { mark: true });
    server = await startFakeOpenAI(distillScript({ latencyMs: LATENCY_MS }));
    const { llm } = createTestLlm(server);
    const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: CONCURRENCY } });
    const { id, trajectories } = await createRun(ws.id, setupPrincipal(ws), input, { llm, start: async (runId) => void (await enqueue(distillRun, { runId }, { singletonKey: runId })) });
    const caseOf = (trajectoryId: string) => String(trajectoryIds.indexOf(trajectoryId)).padStart(3, "0");
    const workerEnv = { DATABASE_URL: inject("databaseUrl"), OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "test-key", T2S_LLM_CONCURRENCY: "8", T2S_WORKER_CONCURRENCY: "1", T2S_LLM_MAX_RETRIES: "0" };

    const first = await spawnWorker(workerEnv);
    workers.push(first);
    const analystRequests = () => server!.requests.filter((r) => r.role === "analyst").length;
    await vi.waitFor(() => expect(analystRequests()).toBeGreaterThanOrEqual(KILL_AFTER), { timeout: 90_000, interval: 10 });
    await first.kill("SIGKILL");
    const seenAtKill = [...server.requests];
    expect(analystRequests()).toBeLessThan(trajectories);
    const analysedAtKill = new Set([...(await doneSteps(id, "analyse:"))].map(caseOf));
    const mappedAtKill = await doneSteps(id, "map:");
    const analystSeen = countBy(seenAtKill, "analyst", (r) => CASE.exec(r.text)?.[1]);
    const mapSeen = countBy(seenAtKill, "mapper", (r) => TRAJECTORY.exec(r.text)?.[1]);
    expect(analysedAtKill.size).toBeGreaterThan(0);

    const second = await spawnWorker(workerEnv);
    workers.push(second);
    await vi.waitFor(
      async () => {
        const run = await db().distillRun.findUniqueOrThrow({ where: { id }, select: { status: true, error: true } });
        expect(run.status, `${run.error ?? ""}\n${second.output()}`).toMatch(/succeeded|failed/);
      },
      { timeout: 150_000, interval: 500 },
    );
    const run = await db().distillRun.findUniqueOrThrow({ where: { id } });
    expect(run, run.error ?? "").toMatchObject({ status: "succeeded", stage: "done" });

    // Every selected trajectory analysed once; a second time only if its answer was not stored at the kill.
    const analystAll = countBy(server.requests, "analyst", (r) => CASE.exec(r.text)?.[1]);
    expect(analystAll.size).toBe(trajectories);
    let repeated = 0;
    for (const [c, n] of analystAll) {
      const inFlight = analystSeen.has(c) && !analysedAtKill.has(c);
      if (analysedAtKill.has(c)) expect(n, `case ${c} was analysed before the kill`).toBe(1);
      expect(n, `case ${c}`).toBeLessThanOrEqual(inFlight ? 2 : 1);
      if (n === 2) repeated++;
    }
    // At most one per lane (twice the run's concurrency, run-context.ts): a lane's call in flight,
    // or its answer whose commit was still being written when the worker died.
    expect(repeated).toBeLessThanOrEqual(2 * CONCURRENCY);
    const mapAll = countBy(server.requests, "mapper", (r) => TRAJECTORY.exec(r.text)?.[1]);
    for (const [t, n] of mapAll) expect(n, `map of ${t}`).toBeLessThanOrEqual(mappedAtKill.has(t) || !mapSeen.has(t) ? 1 : 2);

    // No duplicate rows.
    const analyses = await db().analysis.findMany({ where: { runId: id }, include: { lessons: true } });
    expect(analyses).toHaveLength(trajectories);
    expect(new Set(analyses.map((a) => a.trajectoryId)).size).toBe(trajectories);
    expect(analyses.every((a) => a.status === "done" || a.status === "skipped")).toBe(true);
    for (const a of analyses.filter((x) => x.status === "done")) {
      expect(a.lessons.length).toBe((a.output as { items: unknown[] }).items.length);
      expect(new Set(a.lessons.map((l) => `${l.kind}:${l.number}`)).size).toBe(a.lessons.length);
    }
    const withLessons = analyses.filter((a) => a.lessons.length > 0).length;
    expect(await db().patch.count({ where: { runId: id, level: 0 } })).toBe(withLessons);
    expect(mapAll.size).toBe(withLessons);
    expect(await db().proposalItem.count({ where: { runId: id } })).toBeGreaterThan(0);
  });
});
