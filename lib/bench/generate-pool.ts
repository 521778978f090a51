import fs from "node:fs";
import { once } from "node:events";

// A synthetic pool in Studio JSONL (lib/traces/formats/studio-jsonl.md) for the import benchmark:
// realistic shapes (user task, thoughts, tool calls with arguments, tool output of very different
// lengths, errors, tokens, timestamps, grader outcomes), deterministic for a given seed so two runs
// import the same bytes, streamed to disk so generating a gigabyte needs no memory.

const WORDS = (
  "the a file column row sheet value total sum formula cell range table chart error fix update read write open close " +
  "check test run build install import export parse format convert merge split sort filter group count average " +
  "report data csv xlsx json yaml config path directory script command output input result status failed passed " +
  "timeout retry permission denied missing module function class method variable argument return type string " +
  "number list map key index header footer page width height color style border font bold italic align left right " +
  "top bottom first last next previous new old copy move delete rename save load query database server client request"
).split(" ");
const TOOLS = ["bash", "python", "read_file", "write_file", "search", "edit_file"];
const MODELS = ["gpt-4.1", "claude-sonnet-4", "qwen3-32b", "deepseek-v3"];

/** mulberry32: small, fast, and the same sequence on every machine. */
function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeLineWriter(seed: number) {
  const rnd = makeRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const words = (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pick(WORDS));
    return out.join(" ");
  };
  // Tool output is where real traces put their bulk: mostly short, sometimes a long listing.
  const outputWords = () => (rnd() < 0.9 ? int(10, 100) : int(200, 700));

  return (i: number): string => {
    const task = `task-${i % 5000}`;
    const instruction = `Task ${i}: ${words(int(12, 40))}.`;
    const start = Date.UTC(2026, 0, 1) + i * 60_000;
    const steps: Record<string, unknown>[] = [{ role: "user", text: instruction }];
    const calls = int(2, 7);
    let failedLast = false;
    for (let c = 0; c < calls; c++) {
      const ts = (k: number) => new Date(start + (c * 3 + k) * 1000).toISOString();
      if (rnd() < 0.6) steps.push({ role: "assistant", kind: "thought", text: words(int(8, 60)), timestamp: ts(0) });
      const id = `call_${i}_${c}`;
      const tool = pick(TOOLS);
      steps.push({ role: "assistant", tool_name: tool, tool_args: { command: `${tool} ${words(int(2, 8))}`, timeout: int(5, 120) }, tool_call_id: id, tokens: { input: int(500, 9000), output: int(20, 400) }, timestamp: ts(1) });
      failedLast = rnd() < 0.15;
      steps.push({ role: "tool", text: failedLast ? `Error: ${words(int(5, 30))}` : words(outputWords()), tool_call_id: id, is_error: failedLast || undefined, timestamp: ts(2) });
    }
    steps.push({ role: "assistant", text: words(int(10, 50)) });
    const reward = failedLast ? 0 : rnd() < 0.7 ? 1 : rnd() < 0.5 ? 0 : 0.5;
    return JSON.stringify({ schema: "t2s.trajectory.v1", id: `bench-${i}`, task_id: task, instruction, reward, model: pick(MODELS), harness: "bench-agent", metadata: { seed, index: i }, steps });
  };
}

export type TGenerated = { path: string; bytes: number; trajectories: number };

/** Writes lines until both `minBytes` and `minTrajectories` are reached. */
export async function generatePool(file: string, opts: { minBytes: number; minTrajectories: number; seed: number }): Promise<TGenerated> {
  const line = makeLineWriter(opts.seed);
  const out = fs.createWriteStream(file);
  let bytes = 0;
  let n = 0;
  let buffer: string[] = [];
  let bufferBytes = 0;
  while (bytes < opts.minBytes || n < opts.minTrajectories) {
    const text = `${line(n++)}\n`;
    const size = Buffer.byteLength(text);
    bytes += size;
    buffer.push(text);
    bufferBytes += size;
    if (bufferBytes >= 1 << 20) {
      if (!out.write(buffer.join(""))) await once(out, "drain");
      buffer = [];
      bufferBytes = 0;
    }
  }
  out.end(buffer.join(""));
  await once(out, "finish");
  return { path: file, bytes, trajectories: n };
}
