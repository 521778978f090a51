import os from "node:os";
import type { TRunSummary } from "../distill/run-summary";
import type { TFakeRequest } from "../testing/fake-openai/script";
import type { TSlotUse } from "./slot-use";

// bench:distill's printout. The ideal critical path is what an engine with no overhead needs: every
// LLM round takes exactly the latency, analyst and MAP calls run C at a time, each merge level and
// each translation/verify round waits for the one before. The sequential baseline (one skill
// update per trajectory, the naive loop: analyse, then update the skill, then the next) is modelled
// from the same latency, not run.

export const TARGET_RATIO = 1.15;

export type TStageTimes = Partial<Record<string, number>>;

type TReportInput = {
  database: string;
  n: number;
  c: number;
  latencyMs: number;
  wallMs: number;
  summary: TRunSummary;
  mergeLevels: number;
  requests: Pick<TFakeRequest, "role" | "schemaName" | "servedMs">[];
  maxInFlight: number;
  /** How full the C slots were at the fake (lib/bench/slot-use.ts). */
  slots: TSlotUse;
  /** CPU time of the fake LLM's process during the run (it shares the machine with the engine). */
  cpuMs: number;
  stages: TStageTimes;
  steps: number;
  /** The most common reasons of failed analyses, if any. */
  failures: string[];
  /** SQL statements the engine sent while the run was driven (the benchmark's stage polls left out). */
  statements: number;
  /** Bytes of SQL text and parameters those statements carried. */
  sentBytes: number;
  /** LLM call latency as the client measured it (absent when calls were not recorded). */
  callLatency?: { meanMs: number; p95Ms: number };
  /** This process (the engine) during the run: how busy its event loop was, and its CPU time. */
  engine: { eventLoopUtilization: number; cpuMs: number };
  /** CPU time the whole machine was busy during the run. */
  machineBusyMs: number;
};

const fmt = (n: number, digits = 2) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms: number) => `${fmt(ms / 1000)} s`;

export function printDistillReport(r: TReportInput): void {
  const count = (pred: (q: TReportInput["requests"][number]) => boolean) => r.requests.filter(pred).length;
  const analysts = count((q) => q.role === "analyst");
  const maps = count((q) => q.role === "mapper");
  const merges = count((q) => q.role === "merger" && q.schemaName === "merged_patch");
  const verifies = count((q) => q.role === "merger" && q.schemaName === "skill_patch");
  const translations = count((q) => q.role === "translator");
  const round = (calls: number) => Math.ceil(calls / r.c);
  // Translations of one run go out together (one round, or more past C); verify rounds are sequential.
  const rounds = { analyst: Math.ceil(r.n / r.c), map: Math.ceil(r.n / r.c), merge: r.mergeLevels, translate: translations ? round(translations) : 0, verify: verifies };
  const totalRounds = rounds.analyst + rounds.map + rounds.merge + rounds.translate + rounds.verify;
  const idealMs = totalRounds * r.latencyMs;
  const ratio = r.wallMs / idealMs;
  const seqRounds = 2 * r.n;
  const seqMs = seqRounds * r.latencyMs;

  console.log("");
  console.log(`Distill benchmark: N=${r.n} trajectories, C=${r.c}, fake LLM latency ${r.latencyMs} ms, ${r.database}`);
  console.log(`  machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => fmt(l, 1)).join(" / ")} (1/5/15 min) at the end of the run`);
  console.log(`  run: ${r.summary.status} (stage ${r.summary.stage}); analyses done ${r.summary.analyses.done}, skipped ${r.summary.analyses.skipped}, failed ${r.summary.analyses.failed}; ${r.summary.items} proposal items; ${r.steps} durable steps`);
  console.log(`  database: ${r.statements.toLocaleString("en-US")} statements during the run (${fmt(r.statements / r.n, 1)} per trajectory, incl. BEGIN/COMMIT and LLM call records), ${fmt(r.sentBytes / 1e6, 1)} MB sent`);
  console.log(`  engine process: event loop ${fmt(r.engine.eventLoopUtilization * 100, 0)} % busy, CPU ${secs(r.engine.cpuMs)} (${fmt(r.engine.cpuMs / r.n, 1)} ms per trajectory)`);
  const served = r.requests.flatMap((q) => (q.servedMs === undefined ? [] : [q.servedMs]));
  const meanServedMs = served.reduce((a, b) => a + b, 0) / Math.max(1, served.length);
  if (r.callLatency) console.log(`  LLM calls as the client saw them: mean ${fmt(r.callLatency.meanMs, 0)} ms, p95 ${fmt(r.callLatency.p95Ms, 0)} ms (the fake answers after ${r.latencyMs} ms; arrival to answer there: mean ${fmt(meanServedMs, 0)} ms)`);
  const others = r.machineBusyMs - r.engine.cpuMs - r.cpuMs;
  console.log(`  machine CPU during the run: ${secs(r.machineBusyMs)} busy of ${secs(os.cpus().length * r.wallMs)} (engine ${secs(r.engine.cpuMs)}, fake LLM ${secs(r.cpuMs)}, database and the rest ${secs(Math.max(0, others))})`);
  for (const f of r.failures) console.log(`    failed: ${f}`);
  console.log(`  LLM requests: ${analysts} analyst, ${maps} map, ${merges} merge, ${translations} translate, ${verifies} verify (max ${r.maxInFlight} in flight)`);
  const order = ["analyse", "merge", "apply", "done"];
  const marks = order.filter((s) => r.stages[s] !== undefined).map((s) => `${s} @ ${secs(r.stages[s]!)}`);
  console.log(`  stage timeline: ${marks.join(", ")}, end @ ${secs(r.wallMs)}`);
  const windows = r.slots.windows.map((w) => `${w.role} ${secs(w.from)}–${secs(w.to)}`).join(", ");
  const pipeline = r.slots.pipeline === undefined ? "" : `; ${fmt(r.slots.pipeline * 100, 0)} % from the first analyst call to the last map answer`;
  console.log(`  slots in use at the fake: ${fmt(r.slots.overall * 100, 0)} % of C × wall time${pipeline} (calls: ${windows})`);
  console.log("");
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(14))).join(""));
  line(["", "LLM rounds", "wall time", "vs ideal"]);
  line(["ideal critical path", String(totalRounds), secs(idealMs), "1.00"]);
  line(["measured (this run)", "-", secs(r.wallMs), fmt(ratio)]);
  line(["sequential baseline (modelled, not run)", String(seqRounds), secs(seqMs), fmt(seqMs / idealMs)]);
  console.log("");
  console.log(`  ideal rounds = ⌈N/C⌉ analyst ${rounds.analyst} + ⌈N/C⌉ map ${rounds.map} + merge levels ${rounds.merge} + translation ${rounds.translate} + verify ${rounds.verify}, each × ${r.latencyMs} ms`);
  console.log(`  sequential baseline = N × (analyst + skill update) = ${seqRounds} rounds × ${r.latencyMs} ms; speed-up of this run over it: ${fmt(seqMs / r.wallMs, 1)}×`);
  // The schedule apart from this machine's per-call overhead: the wall time in calls of the length
  // the client saw. Stays put when a busy machine makes every call slower; the ratio above does not.
  if (r.callLatency) console.log(`  in calls of the client-seen ${fmt(r.callLatency.meanMs, 0)} ms: ${fmt(r.wallMs / r.callLatency.meanMs, 1)} sequential rounds (${fmt(r.wallMs / r.callLatency.meanMs / totalRounds)} of the ideal's ${totalRounds})`);
  console.log(`  target measured/ideal ≤ ${TARGET_RATIO}: ${fmt(ratio)} → ${ratio <= TARGET_RATIO ? "met" : "NOT met"}`);
}
