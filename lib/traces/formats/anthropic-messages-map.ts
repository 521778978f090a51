import type { TTokens } from "../model";
import { asText, contentText, toArgs, type StepBuilder } from "../normalize";
import { asArray, asRecord, isRecord, num, str, type TRecord } from "./api-shared";
import type { TStepExtras } from "./openai-chat-map";

// Anthropic Messages content blocks → steps (doc §A3). Blocks keep their order (thinking, text,
// tool_use — interleaved thinking stays interleaved); tool results travel in user messages but are
// `tool` steps.

const MARKER_BLOCKS = /^(tool_use|tool_result|thinking|redacted_thinking)$/;
const TEXT_BLOCKS = /^(text|image|document|search_result)$/;

export function isAnthropicMessage(v: unknown): v is TRecord {
  if (!isRecord(v) || (v.role !== "user" && v.role !== "assistant")) return false;
  return typeof v.content === "string" || (Array.isArray(v.content) && v.content.every((b) => isRecord(b) && typeof b.type === "string"));
}

/** A message list that is Anthropic's and not just role/content: some block is a tool or thinking block. */
export function isAnthropicMessageList(v: unknown): v is TRecord[] {
  return Array.isArray(v) && v.length > 0 && v.every(isAnthropicMessage) && v.some((m) => asArray(m.content).some((b) => MARKER_BLOCKS.test(String(asRecord(b).type))));
}

/** A single Messages API response object (`stop_reason` is what tells it from other APIs' messages). */
export function isAnthropicResponse(v: unknown): boolean {
  return isRecord(v) && v.type === "message" && "stop_reason" in v && isAnthropicMessage(v);
}

/** Tokens of a response: input counts cache reads and writes too (Anthropic reports them apart). */
export function anthropicUsageTokens(usage: unknown): TTokens | undefined {
  const u = asRecord(usage);
  if (num(u.input_tokens) === undefined && num(u.output_tokens) === undefined) return undefined;
  const cached = num(u.cache_read_input_tokens) ?? 0;
  const t: TTokens = { input: (num(u.input_tokens) ?? 0) + cached + (num(u.cache_creation_input_tokens) ?? 0), output: num(u.output_tokens) ?? 0 };
  if (cached) t.cached = cached;
  return t;
}

export function addSystemPrompt(b: StepBuilder, system: unknown): void {
  const text = contentText(system);
  if (text) b.add({ role: "system", kind: "message", text });
}

export function addAnthropicMessage(b: StepBuilder, msg: TRecord, extras: TStepExtras = {}): void {
  const role = msg.role === "assistant" ? "assistant" : "user";
  const first = b.steps.length;
  const timestamp = extras.timestamp;
  if (!Array.isArray(msg.content)) {
    const text = contentText(msg.content);
    if (text || extras.tokens) b.add({ role, kind: "message", text, timestamp });
  } else {
    let pending: unknown[] = [];
    const flush = () => {
      const text = contentText(pending);
      if (text) b.add({ role, kind: "message", text, timestamp });
      pending = [];
    };
    for (const raw of msg.content) {
      const block = asRecord(raw);
      const type = String(block.type);
      if (TEXT_BLOCKS.test(type)) {
        pending.push(block);
        continue;
      }
      flush();
      if (type === "thinking") b.add({ role: "assistant", kind: "thought", text: str(block.thinking) ?? "", timestamp });
      else if (type === "redacted_thinking") b.add({ role: "assistant", kind: "thought", text: "[redacted thinking]", timestamp });
      else if (/tool_use$/.test(type)) {
        b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(block.name) ?? type, toolArgs: toArgs(block.input), toolCallId: str(block.id), timestamp });
      } else if (/tool_result$/.test(type)) {
        const text = contentText(block.content) || asText(block.content);
        b.add({ role: "tool", kind: "tool_result", text, toolCallId: str(block.tool_use_id), isError: block.is_error === true ? true : undefined, timestamp });
      }
    }
    flush();
    if (b.steps.length === first && extras.tokens) b.add({ role, kind: "message", text: "", timestamp });
  }
  if (extras.tokens && b.steps.length > first) b.steps[first].tokens = extras.tokens;
}

export type TResponseInfo = { model?: string; stopReason?: string; error?: string };

/** A Messages API response body: the assistant turn with its usage, or an `error` step. */
export function addAnthropicResponse(b: StepBuilder, body: TRecord | undefined, status?: number): TResponseInfo {
  const error = asRecord(body?.error);
  if (!body || body.type === "error" || Object.keys(error).length || (status !== undefined && status >= 400)) {
    const text = [str(error.type), str(error.message)].filter(Boolean).join(": ") || (body ? JSON.stringify(body) : `HTTP ${status ?? "?"} without a body`);
    b.add({ role: "assistant", kind: "error", text, isError: true });
    return { error: text };
  }
  addAnthropicMessage(b, { role: "assistant", content: body.content }, { tokens: anthropicUsageTokens(body.usage) });
  return { model: str(body.model), stopReason: str(body.stop_reason) };
}
