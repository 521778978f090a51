import { performance as nodePerformance } from "node:perf_hooks";
import os from "node:os";
import { parseArgs } from "node:util";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import pg from "pg";
import { db, disconnectDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrator";
import { createRun } from "../distill/create-run";
import { driveRun } from "../distill/drive-run";
import { ZCreateRun } from "../distill/run-config";
import { readRunSummary } from "../distill/run-summary";
import { env, setEnv } from "../env";
import { llmFromEnv } from "../llm/from-env";
import { createMemoryRecorder } from "../llm/recorders";
import { importNow } from "../pools/import/import-now";
import { createPool } from "../pools/pools";
import { seedDemoSkill } from "../seed/seed-demo-skill";
import { DEMO_SKILL_NAME } from "../seed/demo/spreadsheet-basics";
import { createFreshBenchDatabase, generateBenchPool } from "./distill-bench-setup";
import { startFakeLlmProcess } from "./fake-llm-process";
import { printDistillReport, type TStageTimes } from "./distill-report";
import { slotUse } from "./slot-use";

// `npm run bench:distill [-- --n 1000 --concurrency 64 --latency 200]`: N trajectories (the demo
// pool's runs, repeated as distinct variants) in a fresh in-memory PGlite (or a fresh database on
// BENCH_DATABASE_URL), the demo base skill, the fake OpenAI server with a fixed latency (in a
// process of its own, like a real endpoint: lib/bench/fake-llm-process.ts), and one
// run with concurrency C driven in this process through the real LLM client (T2S_LLM_CONCURRENCY
// = C, calls recorded in llm_calls as in production). Prints measured wall time against the ideal
// critical path and a modelled sequential baseline (lib/bench/distill-report.ts).

const { values: args } = parseArgs({
  options: {
    n: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "64" },
    latency: { type: "string", default: "200" },
    "fan-in": { type: "string", default: "5" },
    // Profiling aid: keep LLM call records in memory instead of llm_calls (production records them).
    "no-record": { type: "boolean", default: false },
    // Profiling aid: a V8 CPU profile of the run alone (not the setup) written to this file.
    "cpu-profile": { type: "string" },
  },
});
const N = Number(args.n);
const C = Number(args.concurrency);
const LATENCY = Number(args.latency);
const FAN_IN = Number(args["fan-in"]);
if (![N, C, LATENCY, FAN_IN].every((x) => Number.isInteger(x) && x > 0)) {
  console.error("usage: npm run bench:distill -- [--n 1000] [--concurrency 64] [--latency 200] [--fan-in 5]");
  process.exit(2);
}
const say = (msg: string) => console.log(`[bench] ${msg}`);

async function openDatabase(): Promise<{ name: string; url: string; stop: () => Promise<void> }> {
  const admin = env().BENCH_DATABASE_URL;
  if (admin) return { name: "PostgreSQL", ...(await createFreshBenchDatabase(admin)) };
  const server = await startEmbeddedPostgres({});
  await applyMigrations(server.url);
  return { name: "PGlite (in-memory, this process)", url: server.url, stop: server.stop };
}

/** Stage → first time it was seen, polled every 250 ms while the run goes (often enough, and light on PGlite). */
function watchStages(runId: string, t0: number): { stop: () => TStageTimes; polls: () => number } {
  const times: TStageTimes = {};
  let polls = 0;
  const timer = setInterval(() => {
    polls++;
    void db()
      .distillRun.findUnique({ where: { id: runId }, select: { stage: true } })
      .then((r) => void (r && times[r.stage] === undefined && (times[r.stage] = performance.now() - t0)))
      .catch(() => undefined);
  }, 250);
  return { stop: () => (clearInterval(timer), times), polls: () => polls };
}

/** CPU time all of the machine's cores spent busy so far (engine, fake LLM, database, anything else). */
function machineBusyMs(): number {
  return os.cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

/** Counts every statement this process sends (Prisma's adapter and pg-boss both go through pg.Client). */
function countStatements(): { read: () => number; bytes: () => number } {
  let n = 0;
  let bytes = 0;
  const sizeOf = (v: unknown): number => (typeof v === "string" ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : Array.isArray(v) ? v.reduce((s: number, x) => s + sizeOf(x), 0) : 0);
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    n++;
    const q = a[0] as { text?: string; values?: unknown[] } | string;
    bytes += typeof q === "string" ? sizeOf(q) + sizeOf(a[1]) : sizeOf(q?.text) + sizeOf(q?.values);
    return (original as (...x: unknown[]) => unknown).apply(this, a);
  } as typeof original;
  return { read: () => n, bytes: () => bytes };
}

async function startProfiler(): Promise<{ stop: (file: string) => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    stop: async (file) => {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
      say(`CPU profile of the run written to ${file}`);
    },
  };
}

const database = await openDatabase();
const statements = countStatements();
const fake = await startFakeLlmProcess(LATENCY);
try {
  setEnv({ DATABASE_URL: database.url, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: "bench-key", T2S_LLM_CONCURRENCY: String(Math.max(C, env().T2S_LLM_CONCURRENCY)), T2S_LLM_TIMEOUT_MS: "600000" });
  const ws = await db().workspace.create({ data: { slug: "bench", name: "Bench" } });
  const pool = await createPool(ws.id, undefined, { name: "bench-pool", description: "" });
  say(`importing ${N} trajectories into ${database.name}…`);
  const report = await importNow(ws.id, "bench-pool", undefined, [{ name: "bench.jsonl", data: [Buffer.from(generateBenchPool(N))] }], { via: "bench" });
  // Every trajectory enters the run: the benchmark measures N analysed, not the evolve share of N.
  await db().trajectory.updateMany({ where: { poolId: pool.id }, data: { split: "evolve" } });
  await seedDemoSkill(ws.id);
  const llm = llmFromEnv(args["no-record"] ? { recorder: createMemoryRecorder() } : {})!;
  const input = ZCreateRun.parse({ pool: "bench-pool", skill: DEMO_SKILL_NAME, config: { analysts: "combined", concurrency: C, fanIn: FAN_IN } });
  const { id, trajectories } = await createRun(ws.id, undefined, input, { llm, start: async () => undefined });
  say(`imported ${report.imported}; run ${id} over ${trajectories} trajectories, C=${C}, latency ${LATENCY} ms: driving…`);

  await fake.reset();
  const statementsBefore = statements.read();
  const bytesBefore = statements.bytes();
  const t0 = performance.now();
  const elu0 = nodePerformance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const machine0 = machineBusyMs();
  const watch = watchStages(id, t0);
  const profiler = args["cpu-profile"] ? await startProfiler() : undefined;
  await driveRun(id, { llm, maskSecrets: true });
  const wallMs = performance.now() - t0;
  if (profiler) await profiler.stop(args["cpu-profile"]!);
  const elu = nodePerformance.eventLoopUtilization(elu0).utilization;
  const cpu = process.cpuUsage(cpu0);
  const machineMs = machineBusyMs() - machine0;
  const stages = watch.stop();
  // The benchmark's own stage polls are not the engine's work.
  const runStatements = statements.read() - statementsBefore - watch.polls();
  const sentBytes = statements.bytes() - bytesBefore;

  const summary = await readRunSummary(id);
  const levels = (await db().patch.aggregate({ where: { runId: id }, _max: { level: true } }))._max.level ?? 0;
  const steps = await db().durableStep.count({ where: { runId: id } });
  const failed = await db().analysis.groupBy({ by: ["error"], where: { runId: id, status: "failed" }, _count: true, orderBy: { _count: { error: "desc" } }, take: 3 });
  // What the client saw of each call (SDK, HTTP, the fake's fixed latency, waiting for this event loop).
  const [seen] = await db().$queryRaw<{ mean: number | null; p95: number | null }[]>`SELECT avg("latencyMs")::float8 AS mean, percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs")::float8 AS p95 FROM llm_calls WHERE "runId" = ${id}`;
  const failures = failed.map((f) => `${f._count}× ${(f.error ?? "?").slice(0, 160)}`);
  const fakeStats = await fake.stats();
  const slots = slotUse(fakeStats.requests.map((q) => ({ role: q.role, at: q.receivedAt - (nodePerformance.timeOrigin + t0), servedMs: q.servedMs })), C, wallMs);
  printDistillReport({ failures, database: `${database.name}${args["no-record"] ? ", LLM calls not recorded" : ""}`, n: trajectories, c: C, latencyMs: LATENCY, wallMs, summary, mergeLevels: levels, ...fakeStats, slots, stages, steps, statements: runStatements, sentBytes, callLatency: seen?.mean == null ? undefined : { meanMs: seen.mean, p95Ms: seen.p95 ?? 0 }, engine: { eventLoopUtilization: elu, cpuMs: (cpu.user + cpu.system) / 1000 }, machineBusyMs: machineMs });
  if (summary.status !== "succeeded") process.exitCode = 1;
} finally {
  await fake.close();
  await disconnectDb();
  await database.stop();
}
