import type { TTokens, TTrajectory } from "../../model";
import { contentText, finishTrajectory, splitThink, StepBuilder, toArgs, toIso } from "../../normalize";
import { outcomeFromScores, summarizeScores } from "./scores";

// One Inspect EvalSample → one trajectory (doc §A9). Messages carry no timestamps or usage, so both
// come from the sample's events: a model event's output message id names the assistant message it
// produced, a tool event's id names the tool call it ran.

type TRecord = Record<string, unknown>;

/** The parts of the eval spec (log header) a trajectory needs. */
export type TEvalSpec = { evalId?: string; runId?: string; task?: string; taskVersion?: unknown; model?: string; logVersion?: unknown; status?: string };

export function readEvalSpec(log: TRecord): TEvalSpec {
  const ev = asRecord(log.eval);
  return {
    evalId: str(ev.eval_id),
    runId: str(ev.run_id),
    task: str(ev.task),
    taskVersion: ev.task_version,
    model: str(ev.model),
    logVersion: log.version,
    status: str(log.status),
  };
}

export function mapSample(raw: TRecord, spec: TEvalSpec, fileName: string, threshold: number): TTrajectory {
  if (raw.id === undefined || raw.id === null) throw new SampleError("id", "sample has no id");
  if (!Array.isArray(raw.messages)) throw new SampleError("messages", "sample has no messages array");
  const attachments = asRecord(raw.attachments);
  const sample = {
    ...raw,
    input: resolveAttachments(raw.input, attachments),
    messages: resolveAttachments(raw.messages, attachments) as unknown[],
    scores: resolveAttachments(raw.scores, attachments),
    error: resolveAttachments(raw.error, attachments),
  } as TRecord;
  const epoch = typeof sample.epoch === "number" ? sample.epoch : 1;
  const timing = indexEvents(Array.isArray(raw.events) ? raw.events : []);
  const b = new StepBuilder();

  for (const m of sample.messages as unknown[]) addMessage(b, asRecord(m), timing);
  const err = asRecord(sample.error);
  if (Object.keys(err).length) {
    b.add({ role: "system", kind: "error", text: str(err.message) ?? JSON.stringify(err), isError: true });
  }

  const { outcome, reward } = outcomeFromScores(sample.scores, threshold);
  const tokens = b.steps.some((s) => s.tokens) ? undefined : tokensFromModelUsage(sample.model_usage);
  const base = spec.evalId ?? spec.runId ?? fileName;
  return finishTrajectory({
    externalId: `${base}:${String(sample.id)}:${epoch}`,
    taskId: spec.task ? `${spec.task}/${String(sample.id)}` : String(sample.id),
    instruction: readInstruction(sample.input, sample.messages as unknown[]),
    outcome,
    reward,
    model: spec.model,
    harness: "inspect",
    steps: b.steps,
    tokens,
    metadata: dropEmpty({
      sourceFile: fileName,
      evalId: spec.evalId,
      runId: spec.runId,
      task: spec.task,
      taskVersion: spec.taskVersion,
      logVersion: spec.logVersion,
      logStatus: spec.status,
      sampleId: sample.id,
      epoch,
      sampleUuid: sample.uuid,
      target: sample.target,
      scores: summarizeScores(sample.scores),
      modelVersion: str(asRecord(sample.output).model),
      totalTime: sample.total_time,
      workingTime: sample.working_time,
      limit: sample.limit,
      error: str(err.message),
    }),
  });
}

export class SampleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type TTiming = {
  init?: string;
  models: { messageId?: string; text: string; at?: string; tokens?: TTokens; used: boolean }[];
  tools: Map<string, { at?: string; error?: TRecord }>;
};

function indexEvents(events: unknown[]): TTiming {
  const t: TTiming = { models: [], tools: new Map() };
  for (const raw of events) {
    const e = asRecord(raw);
    const at = toIso(e.completed ?? e.timestamp);
    if (e.event === "sample_init") t.init ??= toIso(e.timestamp);
    if (e.event === "model") {
      const output = asRecord(e.output);
      const message = asRecord(asRecord(asArray(output.choices)[0]).message);
      t.models.push({ messageId: str(message.id), text: contentText(message.content), at, tokens: readUsage(output.usage), used: false });
    }
    if (e.event === "tool" && typeof e.id === "string") {
      const error = asRecord(e.error);
      t.tools.set(e.id, { at, error: Object.keys(error).length ? error : undefined });
    }
  }
  return t;
}

/** The model event that produced a message: by message id, else (old logs without ids) by identical text. */
function takeModelEvent(timing: TTiming, id: string | undefined, text: string) {
  const found =
    (id ? timing.models.find((m) => m.messageId === id) : undefined) ??
    timing.models.find((m) => !m.used && !m.messageId && m.text === text);
  if (found) found.used = true;
  return found;
}

function addMessage(b: StepBuilder, m: TRecord, timing: TTiming): void {
  const role = m.role;
  if (role === "system" || role === "user") {
    b.add({ role, kind: "message", text: contentText(m.content), timestamp: m.source === "input" || role === "system" ? timing.init : undefined });
    return;
  }
  if (role === "tool") {
    const callId = str(m.tool_call_id);
    const ev = callId ? timing.tools.get(callId) : undefined;
    const error = Object.keys(asRecord(m.error)).length ? asRecord(m.error) : ev?.error;
    const text = contentText(m.content);
    const errText = error ? `Error (${str(error.type) ?? "unknown"}): ${str(error.message) ?? ""}` : "";
    b.add({
      role: "tool",
      kind: "tool_result",
      text: [text, errText].filter(Boolean).join("\n"),
      toolName: str(m.function),
      toolCallId: callId,
      isError: error ? true : undefined,
      timestamp: ev?.at,
    });
    return;
  }
  if (role !== "assistant") return;
  const { thought, text } = splitAssistantContent(m.content);
  const ev = takeModelEvent(timing, str(m.id), contentText(m.content));
  let tokens = ev?.tokens;
  const stamp = (s: Parameters<StepBuilder["add"]>[0]) => {
    b.add({ ...s, timestamp: ev?.at, tokens });
    tokens = undefined; // usage belongs to the first step of the message only
  };
  if (thought) stamp({ role: "assistant", kind: "thought", text: thought });
  if (text) stamp({ role: "assistant", kind: "message", text });
  for (const raw of asArray(m.tool_calls)) {
    const call = asRecord(raw);
    stamp({ role: "assistant", kind: "tool_call", text: "", toolName: str(call.function) ?? "unknown", toolArgs: toArgs(call.arguments), toolCallId: str(call.id) });
  }
  if (!thought && !text && !asArray(m.tool_calls).length) stamp({ role: "assistant", kind: "message", text: "" });
}

/** Reasoning parts and `<think>` blocks become the thought; text parts the message. */
function splitAssistantContent(content: unknown): { thought: string; text: string } {
  const thoughts: string[] = [];
  let text = "";
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const p of content.map(asRecord)) {
      if (p.type === "reasoning" && typeof p.reasoning === "string") thoughts.push(p.reasoning);
      else texts.push(contentText([p]));
    }
    text = texts.filter(Boolean).join("\n");
  } else text = contentText(content);
  const split = splitThink(text);
  if (split.thought) thoughts.push(split.thought);
  return { thought: thoughts.join("\n\n"), text: split.rest };
}

function readInstruction(input: unknown, messages: unknown[]): string {
  if (typeof input === "string") return input;
  const fromInput = asArray(input).map(asRecord).find((m) => m.role === "user");
  if (fromInput) return contentText(fromInput.content);
  const firstUser = messages.map(asRecord).find((m) => m.role === "user");
  return firstUser ? contentText(firstUser.content) : "";
}

function readUsage(usage: unknown): TTokens | undefined {
  const u = asRecord(usage);
  if (typeof u.input_tokens !== "number" && typeof u.output_tokens !== "number") return undefined;
  return dropEmpty({
    input: num(u.input_tokens) ?? 0,
    output: num(u.output_tokens) ?? 0,
    cached: num(u.input_tokens_cache_read),
    reasoning: num(u.reasoning_tokens),
  }) as TTokens;
}

/** Sample-level usage, only when no message could be tied to a model event. */
function tokensFromModelUsage(modelUsage: unknown): TTokens | undefined {
  const all = Object.values(asRecord(modelUsage)).map(readUsage).filter((t): t is TTokens => !!t);
  if (!all.length) return undefined;
  return all.reduce((a, t) => ({ input: a.input + t.input, output: a.output + t.output }), { input: 0, output: 0 });
}

/** Long strings are stored once as `attachment://<hash>`; swap them back wherever they appear. */
export function resolveAttachments(value: unknown, attachments: TRecord): unknown {
  if (typeof value === "string") {
    if (!value.startsWith("attachment://")) return value;
    const hit = attachments[value.slice("attachment://".length)];
    return typeof hit === "string" ? hit : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveAttachments(v, attachments));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveAttachments(v, attachments)]));
  }
  return value;
}

function asRecord(v: unknown): TRecord {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as TRecord) : {};
}
function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
function dropEmpty(o: TRecord): TRecord {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
