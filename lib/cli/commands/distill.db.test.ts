import { afterEach, describe, expect, inject, test } from "vitest";
import { db } from "../../db/client";
import { setEnv } from "../../env";
import { distillScript } from "../../testing/fake-openai/distill-script";
import { startFakeOpenAI } from "../../testing/fake-openai/server";
import { ZRunSummary } from "../../distill/run-summary";
import { setupRunFixture } from "../../distill/testing/run-setup";
import { startWorker, type TWorker } from "../../jobs/worker";
import { CliUsageError } from "./command";
import { distillCommand, runDistill } from "./distill";

// The command as the dispatcher calls it (parse, then run) against the test database. No LLM is
// configured in tests, so runs are rule-based.

async function runCli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await distillCommand.run(distillCommand.parse(argv), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

let worker: TWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

describe("t2s distill", () => {
  test("--wait --json drives the run in this process and prints its summary; progress goes to stderr", async () => {
    const { ws, pool } = await setupRunFixture(30);
    const out = await runCli(["--pool", pool.name, "--workspace", ws.slug, "--skill", "xlsx@1.0.0", "--analysts", "combined", "--fan-in", "4", "--wait", "--in-process", "--json"]);
    expect(out.code).toBe(0);
    const summary = ZRunSummary.parse(JSON.parse(out.stdout));
    expect(summary).toMatchObject({ status: "succeeded", stage: "done", error: null });
    expect(summary.trajectories).toBeGreaterThan(20);
    expect(summary.analyses.done + summary.analyses.skipped + summary.analyses.failed).toBe(summary.trajectories);
    expect(summary.items).toBeGreaterThan(0);
    expect(summary.items).toBe(await db().proposalItem.count({ where: { runId: summary.runId } }));
    expect(out.stderr).toMatch(new RegExp(`/w/${ws.slug}/runs/${summary.runId}`));
    expect(out.stderr).toMatch(/driving the run in this process/);
    expect(out.stderr).toMatch(/succeeded · done · \d+\/\d+ analysed/);
    const run = await db().distillRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run).toMatchObject({ mode: "combined", config: expect.objectContaining({ fanIn: 4, analysts: "combined" }) });
  });

  test("without --wait the run is queued and its id and URL path printed", async () => {
    const { ws, pool } = await setupRunFixture(10);
    const out = await runCli(["-p", pool.name, "-w", ws.slug, "--create", "sheet-checks", "--description", "Checks for spreadsheet runs.", "--analysts", "combined"]);
    expect(out.code).toBe(0);
    const [runId, url, status] = out.stdout.trim().split("\t");
    expect(url).toBe(`/w/${ws.slug}/runs/${runId}`);
    expect(status).toBe("queued");
    const run = await db().distillRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "queued", createSkillName: "sheet-checks" });
    const jobs = await db().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'distill-run' AND data->>'runId' = $1`, runId);
    expect(jobs[0]!.n).toBe(1);
    await db().distillRun.update({ where: { id: runId }, data: { cancelRequested: true } });
  });

  test("--wait with a live worker follows the queued run instead of driving it", async () => {
    const { ws, pool } = await setupRunFixture(12);
    worker = await startWorker({ url: inject("databaseUrl"), concurrency: 1, log: () => undefined });
    let stderr = "";
    const options = distillCommand.parse(["--pool", pool.name, "--workspace", ws.slug, "--skill", "xlsx", "--analysts", "combined", "--wait"]);
    const out = await runDistill(options, { stdout: () => undefined, stderr: (t) => void (stderr += t) }, { pollMs: 200 });
    expect(out.drivenBy).toBe("worker");
    expect(out).toMatchObject({ code: 0, summary: { status: "succeeded" } });
    expect(stderr).toMatch(/a worker is alive/);
  });

  test("a run whose every analyst call fails exits 1 and says why; an unknown version is refused", async () => {
    const { ws, pool } = await setupRunFixture(6);
    const server = await startFakeOpenAI(distillScript({ faultRate: 1, faultKinds: ["refusal"] }));
    setEnv({ OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "test-key", T2S_LLM_MAX_RETRIES: "0" });
    try {
      const out = await runCli(["--pool", pool.name, "--workspace", ws.slug, "--skill", "xlsx", "--analysts", "combined", "--wait", "--in-process", "--json"]);
      expect(out.code).toBe(1);
      const summary = ZRunSummary.parse(JSON.parse(out.stdout));
      expect(summary).toMatchObject({ status: "failed", error: expect.stringMatching(/Every analyst call failed/) });
      expect(summary.analyses.failed).toBe(summary.trajectories);
      expect(out.stderr).toMatch(/Every analyst call failed/);
    } finally {
      setEnv({ OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined, T2S_LLM_MAX_RETRIES: undefined });
      await server.close();
    }
    await expect(runCli(["--pool", pool.name, "--workspace", ws.slug, "--skill", "xlsx@9.9.9", "--wait"])).rejects.toThrow(/no version 9\.9\.9/);
  });

  test("rejects bad arguments before touching the database", () => {
    expect(() => distillCommand.parse([])).toThrow(/--pool/);
    expect(() => distillCommand.parse(["--pool", "p"])).toThrow(/--skill/);
    expect(() => distillCommand.parse(["--pool", "p", "--skill", "a", "--create", "b", "--description", "d"])).toThrow(CliUsageError);
    expect(() => distillCommand.parse(["--pool", "p", "--create", "Bad Name", "--description", "d"])).toThrow(/--create: Use kebab-case/);
    expect(() => distillCommand.parse(["--pool", "p", "--create", "b"])).toThrow(/--description/);
    expect(() => distillCommand.parse(["--pool", "p", "--skill", "s", "--fan-in", "1"])).toThrow(/--fan-in/);
    expect(() => distillCommand.parse(["--pool", "p", "--skill", "s", "--analysts", "mixed"])).toThrow(/--analysts/);
    expect(() => distillCommand.parse(["--pool", "p", "--skill", "s", "--budget-usd", "lots"])).toThrow(/--budget-usd: "lots" is not a number/);
    expect(() => distillCommand.parse(["--pool", "p", "--skill", "s", "--in-process"])).toThrow(/--wait/);
    expect(() => distillCommand.parse(["--pool", "p", "--skill", "s", "--colour"])).toThrow(CliUsageError);
    expect(distillCommand.parse(["--pool", "p", "--skill", "s@1.0.0", "--concurrency", "8", "--min-support", "3", "--low-support", "hold", "--budget-usd", "0.5", "--sample", "20", "--include-unknown", "--json"])).toEqual({
      input: { pool: "p", skill: "s@1.0.0", config: expect.objectContaining({ concurrency: 8, minSupport: 3, lowSupport: "hold", budgetUsd: 0.5, sample: 20, includeUnknown: true, analysts: "error", fanIn: 5 }) },
      workspace: undefined,
      wait: false,
      inProcess: false,
      json: true,
    });
  });
});
