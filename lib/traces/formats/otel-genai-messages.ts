import type { TTokens } from "../model";
import { asText, contentText, toArgs, type StepBuilder } from "../normalize";
import { asArray, asRecord, isRecord, num, str, type TRecord } from "./api-shared";
import { addChatMessage, type TStepExtras } from "./openai-chat-map";
import type { TSpan } from "./otel-genai-spans";

// GenAI message attributes/events → steps. Semantic-convention messages are `{role, parts: [text |
// reasoning | tool_call | tool_call_response | …]}`; older instrumentations put chat-style messages
// in span events (`gen_ai.user.message`, `gen_ai.choice`) or `gen_ai.prompt`/`gen_ai.completion`;
// any-agent writes chat-style input messages and its own `gen_ai.output` (text, or a JSON list of
// `{tool.name, tool.args}`).

export function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!/^[[{]/.test(t)) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

export function usageTokens(attrs: TRecord): TTokens | undefined {
  const input = num(attrs["gen_ai.usage.input_tokens"]) ?? num(attrs["gen_ai.usage.prompt_tokens"]);
  const output = num(attrs["gen_ai.usage.output_tokens"]) ?? num(attrs["gen_ai.usage.completion_tokens"]);
  if (input === undefined && output === undefined) return undefined;
  const t: TTokens = { input: input ?? 0, output: output ?? 0 };
  const cached = num(attrs["gen_ai.usage.cache_read.input_tokens"]);
  const reasoning = num(attrs["gen_ai.usage.reasoning.output_tokens"]);
  if (cached) t.cached = cached;
  if (reasoning) t.reasoning = reasoning;
  return t;
}

/** The messages a chat span was called with: system instructions first. */
export function inputMessages(span: TSpan): TRecord[] {
  const a = span.attrs;
  const out: TRecord[] = [];
  const system = parseMaybeJson(a["gen_ai.system_instructions"]);
  if (system) out.push({ role: "system", parts: Array.isArray(system) ? system : [{ type: "text", content: system }] });
  const input = parseMaybeJson(a["gen_ai.input.messages"] ?? a["gen_ai.prompt"]);
  if (Array.isArray(input)) out.push(...input.filter(isRecord));
  else if (typeof input === "string" && input) out.push({ role: "user", content: input });
  for (const e of span.events) {
    const role = e.name.match(/^gen_ai\.(system|user|assistant|tool)\.message$/)?.[1];
    if (role) out.push({ role, ...e.attrs, content: parseMaybeJson(e.attrs.content) });
  }
  return out;
}

/** The messages a chat span produced (semantic-convention output messages, choice events, completion). */
export function outputMessages(span: TSpan): TRecord[] {
  const a = span.attrs;
  const out = parseMaybeJson(a["gen_ai.output.messages"] ?? a["gen_ai.completion"]);
  if (Array.isArray(out)) return out.filter(isRecord).map((m) => ({ role: "assistant", ...m }));
  if (typeof out === "string" && out) return [{ role: "assistant", content: out }];
  return span.events
    .filter((e) => e.name === "gen_ai.choice")
    .map((e) => ({ role: "assistant", ...asRecord(parseMaybeJson(e.attrs.message)), ...(e.attrs.content !== undefined ? { content: e.attrs.content } : {}) }));
}

/** One message, semantic-convention parts or chat style. Parts go thought → message → tool calls. */
export function addGenAiMessage(b: StepBuilder, msg: TRecord, extras: TStepExtras = {}): void {
  if (!Array.isArray(msg.parts)) {
    addChatMessage(b, { ...msg, role: String(msg.role ?? "assistant"), content: msg.content ?? msg.text }, extras);
    return;
  }
  const role = msg.role === "system" || msg.role === "user" || msg.role === "tool" ? msg.role : "assistant";
  const parts = msg.parts.map(asRecord);
  const first = b.steps.length;
  const timestamp = extras.timestamp;
  const texts = (type: string) => parts.filter((p) => p.type === type).map((p) => contentText(p.content ?? p.text)).filter(Boolean).join("\n");
  const thought = texts("reasoning");
  if (thought) b.add({ role: "assistant", kind: "thought", text: thought, timestamp });
  const other = parts.filter((p) => !/^(text|reasoning|tool_call|tool_call_response)$/.test(String(p.type))).map((p) => `[${String(p.type)}]`);
  const text = [texts("text"), ...other].filter(Boolean).join("\n");
  if (text) b.add({ role, kind: "message", text, timestamp });
  for (const p of parts.filter((p) => p.type === "tool_call")) {
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(p.name) ?? "unknown", toolArgs: toArgs(p.arguments), toolCallId: str(p.id), timestamp });
  }
  for (const p of parts.filter((p) => p.type === "tool_call_response")) {
    b.add({ role: "tool", kind: "tool_result", text: asText(p.response ?? p.result), toolCallId: str(p.id), timestamp });
  }
  if (extras.tokens && b.steps.length > first) b.steps[first].tokens = extras.tokens;
}

/** Marks call ids made up here, so a tool span that knows the real id can replace them. */
export const SYNTHETIC_ID_PREFIX = "span-";

/** any-agent's `gen_ai.output`: a JSON list of tool requests (ids made up from the span), or the answer. */
export function addAnyAgentOutput(b: StepBuilder, span: TSpan, extras: TStepExtras): boolean {
  const raw = span.attrs["gen_ai.output"];
  if (raw === undefined) return false;
  const parsed = span.attrs["gen_ai.output.type"] === "json" ? parseMaybeJson(raw) : raw;
  const calls = Array.isArray(parsed) ? parsed.filter((c) => isRecord(c) && typeof c["tool.name"] === "string") : [];
  if (!calls.length) {
    addChatMessage(b, { role: "assistant", content: asText(raw) }, extras);
    return true;
  }
  const first = b.steps.length;
  calls.forEach((c, i) => {
    const call = asRecord(c);
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: String(call["tool.name"]), toolArgs: toArgs(call["tool.args"]), toolCallId: `${SYNTHETIC_ID_PREFIX}${span.spanId}-${i}`, timestamp: extras.timestamp });
  });
  if (extras.tokens) b.steps[first].tokens = extras.tokens;
  return true;
}
