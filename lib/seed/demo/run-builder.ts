import type { TStudioLine } from "../../traces/formats/studio-jsonl/schema";
import type { TRng } from "./prng";
import type { TAction } from "./types";

// Turns planned actions into Studio JSONL steps with what a real ReAct log carries: a thought and
// a bash call per model turn, the tool's output, token usage that grows with the context (and a
// prefix cache), and timestamps that advance with generation and execution time.

type TStudioStep = TStudioLine["steps"][number];

export type TModel = { name: string; tokensPerSecond: number; overheadSeconds: number };

/** Tokens of the inlined skill in the system prompt (not shown in the step text). */
const SKILL_TOKENS = 2140;
const approxTokens = (text: string) => Math.ceil(text.length / 3.6);

function callId(rng: TRng): string {
  let s = "call_";
  for (let i = 0; i < 24; i++) s += "0123456789abcdef"[rng.int(0, 15)];
  return s;
}

export function buildSteps(opts: { rng: TRng; model: TModel; startMs: number; system: string; user: string; actions: TAction[]; final: string }): TStudioStep[] {
  const { rng, model } = opts;
  let t = opts.startMs;
  const at = () => new Date(Math.round(t)).toISOString();
  const steps: TStudioStep[] = [
    { role: "system", text: opts.system, timestamp: at() },
    { role: "user", text: opts.user, timestamp: at() },
  ];
  let context = SKILL_TOKENS + approxTokens(opts.system) + approxTokens(opts.user);
  let previousInput = 0;
  const modelTurn = (produced: string) => {
    const output = approxTokens(produced) + rng.int(4, 40);
    const tokens = { input: context, output, ...(previousInput ? { cached: previousInput } : {}) };
    previousInput = context;
    context += output;
    t += (model.overheadSeconds + output / model.tokensPerSecond + rng.float(0, 1.2)) * 1000;
    return tokens;
  };
  for (const a of opts.actions) {
    const tokens = modelTurn(a.thought + a.command);
    const id = callId(rng);
    steps.push({ role: "assistant", kind: "thought", text: a.thought, timestamp: at() });
    steps.push({ role: "assistant", kind: "tool_call", tool_name: "bash", tool_args: { command: a.command }, tool_call_id: id, tokens, timestamp: at() });
    t += (a.execSeconds ?? rng.float(0.3, 2.2)) * 1000 * rng.float(0.8, 1.3);
    steps.push({ role: "tool", kind: "tool_result", text: a.output, tool_call_id: id, ...(a.isError ? { is_error: true } : {}), timestamp: at() });
    context += approxTokens(a.output) + 12;
  }
  steps.push({ role: "assistant", kind: "message", text: opts.final, tokens: modelTurn(opts.final), timestamp: at() });
  return steps;
}
