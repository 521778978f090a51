import type { TTokens } from "../../model";
import { asText, contentText, splitThink, StepBuilder, toArgs, toIso } from "../../normalize";
import { parsePyRepr, PyReprError } from "./pyrepr";

// smolagents memory steps → normalized steps. A step arrives as a repr() string (early 2025 run
// files), a dict from `memory.get_full_steps()` / `get_succinct_steps()`, or a chat message from
// `write_memory_to_messages()`; all three are reduced to one dict shape first.

type TRecord = Record<string, unknown>;

/** A step item as a dict: repr strings are parsed (never evaluated); unparsable ones are kept as text. */
export function toStepDict(item: unknown): TRecord {
  if (typeof item === "string") {
    try {
      const parsed = parsePyRepr(item);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as TRecord;
    } catch (err) {
      if (!(err instanceof PyReprError)) throw err;
    }
    return { __type: "Unparsed", text: item };
  }
  return item && typeof item === "object" && !Array.isArray(item) ? (item as TRecord) : { __type: "Unparsed", text: asText(item) };
}

export function addSmolStep(b: StepBuilder, step: TRecord): void {
  const type = typeof step.__type === "string" ? step.__type : inferType(step);
  if (type === "SystemPromptStep") b.add({ role: "system", kind: "message", text: asText(step.system_prompt) });
  else if (type === "TaskStep") b.add({ role: "user", kind: "message", text: asText(step.task) });
  else if (type === "PlanningStep") addPlanning(b, step);
  else if (type === "FinalAnswerStep") b.add({ role: "assistant", kind: "message", text: asText(step.final_answer ?? step.output) });
  else if (type === "ChatMessage") addChatMessage(b, step);
  else if (type === "Unparsed") b.add({ role: "assistant", kind: "message", text: asText(step.text) });
  else addAction(b, step);
}

function inferType(s: TRecord): string {
  if ("role" in s && "content" in s && !("step_number" in s)) return "ChatMessage";
  if ("system_prompt" in s) return "SystemPromptStep";
  if ("task" in s && !("step_number" in s)) return "TaskStep";
  if ("plan" in s) return "PlanningStep";
  if (("output" in s || "final_answer" in s) && !("step_number" in s)) return "FinalAnswerStep";
  return "ActionStep";
}

function addPlanning(b: StepBuilder, s: TRecord): void {
  const text = [s.facts, s.plan].filter((v) => typeof v === "string" && v.trim()).join("\n\n");
  const timing = readTiming(s);
  b.add({ role: "assistant", kind: "thought", text, timestamp: timing.start, tokens: readTokens(s) });
}

function addAction(b: StepBuilder, s: TRecord): void {
  const timing = readTiming(s);
  const calls = readToolCalls(s.tool_calls);
  const output = stripCallEcho(readModelOutput(s));
  const { thought, rest } = splitThink(output);
  let tokens = readTokens(s);
  const add = (step: Parameters<StepBuilder["add"]>[0]) => {
    b.add({ ...step, timestamp: timing.start, tokens });
    tokens = undefined; // usage belongs to the first step the model produced
  };
  if (thought) add({ role: "assistant", kind: "thought", text: thought });
  if (rest) {
    // With a tool call, the text is the model's reasoning ("Thought: … Code: ```py …```"): the code
    // itself is the call's argument, so only the prose before "Code:" is kept.
    const prose = calls.length ? rest.split(/\n*Code:\s*\n*```/)[0].replace(/^Thought:\s*/, "").trim() : rest;
    if (prose) add({ role: "assistant", kind: calls.length ? "thought" : "message", text: prose });
  }
  for (const c of calls) add({ role: "assistant", kind: "tool_call", text: "", toolName: c.name, toolArgs: c.args, toolCallId: c.id });
  const error = readError(s.error);
  const observation = typeof s.observations === "string" ? s.observations : undefined;
  const last = calls[calls.length - 1];
  if (last && (observation !== undefined || error)) {
    const text = [observation, error].filter(Boolean).join("\n");
    b.add({ role: "tool", kind: "tool_result", text, toolName: last.name, toolCallId: last.id, isError: error ? true : undefined, timestamp: timing.end });
  } else if (observation !== undefined) {
    b.add({ role: "tool", kind: "tool_result", text: observation, timestamp: timing.end });
  }
  if (error && !last) b.add({ role: "system", kind: "error", text: error, isError: true, timestamp: timing.end });
}

/** write_memory_to_messages(): roles system/user/assistant/tool-call/tool-response. */
function addChatMessage(b: StepBuilder, m: TRecord): void {
  const role = String(m.role).toLowerCase().replace(/^messagerole\./, "").replace(/_/g, "-");
  const text = contentText(m.content);
  if (role === "tool-call") {
    const listed = text.replace(/^Calling tools:\s*/, "");
    let calls: ReturnType<typeof readToolCalls> = [];
    try {
      calls = readToolCalls(parsePyRepr(listed));
    } catch {
      calls = [];
    }
    if (!calls.length) b.add({ role: "assistant", kind: "tool_call", text, toolName: "unknown", toolArgs: { _raw: listed } });
    for (const c of calls) b.add({ role: "assistant", kind: "tool_call", text: "", toolName: c.name, toolArgs: c.args, toolCallId: c.id });
    return;
  }
  if (role === "tool-response") {
    const id = /^Call id:\s*(\S+)/.exec(text)?.[1];
    const body = text.replace(/^Call id:\s*\S+\s*/, "");
    const isError = /^Error:/.test(body);
    b.add({ role: "tool", kind: "tool_result", text: body.replace(/^(Observation|Error):\s*/, ""), toolCallId: id, isError: isError || undefined });
    return;
  }
  if (role === "assistant") {
    const { thought, rest } = splitThink(text);
    if (thought) b.add({ role: "assistant", kind: "thought", text: thought });
    if (rest) b.add({ role: "assistant", kind: /^Thought:|\nCode:\s*\n```/.test(rest) ? "thought" : "message", text: rest });
    return;
  }
  b.add({ role: role === "system" ? "system" : "user", kind: "message", text });
}

type TCall = { name: string; args: Record<string, unknown>; id?: string };

/** ToolCall(name, arguments, id) reprs, or {id, type, function:{name, arguments}} dicts. */
function readToolCalls(value: unknown): TCall[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw) => {
    const c = (raw && typeof raw === "object" ? raw : {}) as TRecord;
    const fn = (c.function && typeof c.function === "object" ? c.function : c) as TRecord;
    const name = typeof fn.name === "string" ? fn.name : "unknown";
    return { name, args: readArgs(name, fn.arguments), id: typeof c.id === "string" ? c.id : undefined };
  });
}

/** CodeAgent passes Python source, not JSON: keep it readable as {code} rather than {_raw}. */
function readArgs(name: string, args: unknown): Record<string, unknown> {
  const parsed = toArgs(args);
  return typeof args === "string" && "_raw" in parsed && name === "python_interpreter" ? { code: args } : parsed;
}

function readModelOutput(s: TRecord): string {
  if (typeof s.llm_output === "string") return s.llm_output;
  if (typeof s.model_output === "string") return s.model_output;
  const msg = s.model_output_message;
  if (msg && typeof msg === "object") return contentText((msg as TRecord).content);
  return "";
}

/** Some versions appended the tool-call list repr to the model output text; it duplicates the call. */
function stripCallEcho(text: string): string {
  return text.replace(/\[\{'id': '[^']*', 'type': 'function'[\s\S]*\]\s*$/, "").trim();
}

function readError(error: unknown): string | undefined {
  if (error === null || error === undefined || error === "") return undefined;
  if (typeof error === "string") return error;
  const e = error as TRecord;
  if (typeof e.message === "string") return e.type ? `${String(e.type)}: ${e.message}` : e.message;
  if (typeof e.__type === "string") return `${e.__type}: ${(Array.isArray(e.__args) ? e.__args : []).map(asText).join(", ")}`;
  return asText(error);
}

function readTiming(s: TRecord): { start?: string; end?: string } {
  const t = (s.timing && typeof s.timing === "object" ? s.timing : s) as TRecord;
  return { start: toIso(t.start_time), end: toIso(t.end_time) };
}

function readTokens(s: TRecord): TTokens | undefined {
  const u = (s.token_usage && typeof s.token_usage === "object" ? s.token_usage : {}) as TRecord;
  const input = u.input_tokens ?? s.input_token_count;
  const output = u.output_tokens ?? s.output_token_count;
  if (typeof input !== "number" && typeof output !== "number") return undefined;
  return { input: typeof input === "number" ? input : 0, output: typeof output === "number" ? output : 0 };
}
