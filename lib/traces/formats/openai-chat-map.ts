import type { TTokens } from "../model";
import { contentText, splitThink, toArgs, toIso, type StepBuilder } from "../normalize";
import { asArray, asRecord, FieldError, isRecord, num, str, type TRecord } from "./api-shared";

// OpenAI Chat Completions messages → steps (doc §A1). Shared by the openai-chat format and by the
// tracing formats whose LLM runs carry chat messages (langsmith, otel-genai).

export type TStepExtras = { timestamp?: string; tokens?: TTokens };

const CHAT_ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);
// Content parts that belong to other APIs: their messages are not Chat Completions messages.
const FOREIGN_PARTS = /^(tool_use|tool_result|thinking|redacted_thinking|server_tool_use|input_text|output_text|summary_text|reasoning|tool_call)$/;

export function isChatMessage(v: unknown): v is TRecord {
  if (!isRecord(v) || typeof v.role !== "string" || !CHAT_ROLES.has(v.role) || "type" in v) return false;
  const c = v.content;
  if (c === undefined || c === null || typeof c === "string") return true;
  return Array.isArray(c) && c.every((p) => typeof p === "string" || (isRecord(p) && !FOREIGN_PARTS.test(String(p.type))));
}

export function isChatMessageList(v: unknown): v is TRecord[] {
  return Array.isArray(v) && v.length > 0 && v.every(isChatMessage);
}

/** Tokens from a Chat Completions `usage` (or LangChain `usage_metadata`) object. */
export function chatUsageTokens(usage: unknown): TTokens | undefined {
  const u = asRecord(usage);
  const input = num(u.prompt_tokens) ?? num(u.input_tokens);
  const output = num(u.completion_tokens) ?? num(u.output_tokens);
  if (input === undefined && output === undefined) return undefined;
  const t: TTokens = { input: input ?? 0, output: output ?? 0 };
  const cached = num(asRecord(u.prompt_tokens_details).cached_tokens) ?? num(asRecord(u.input_token_details).cache_read);
  const reasoning = num(asRecord(u.completion_tokens_details).reasoning_tokens) ?? num(asRecord(u.output_token_details).reasoning);
  if (cached) t.cached = cached;
  if (reasoning) t.reasoning = reasoning;
  return t;
}

/** Adds chat messages, rejecting the record at the first one that is not a chat message. */
export function addMessages(b: StepBuilder, messages: unknown[], field: string): void {
  messages.forEach((m, i) => {
    if (!isChatMessage(m)) throw new FieldError(`${field}[${i}].role`, `${field}[${i}] is not a chat message (needs a role of system, user, assistant or tool)`);
    addChatMessage(b, m);
  });
}

/** One chat message as steps: system/user messages, assistant thought → message → tool calls, tool results. */
export function addChatMessage(b: StepBuilder, msg: TRecord, extras: TStepExtras = {}): void {
  const role = String(msg.role);
  const timestamp = extras.timestamp;
  if (role === "system" || role === "developer") {
    b.add({ role: "system", kind: "message", text: contentText(msg.content), timestamp });
  } else if (role === "user") {
    b.add({ role: "user", kind: "message", text: contentText(msg.content), timestamp });
  } else if (role === "tool") {
    b.add({ role: "tool", kind: "tool_result", text: contentText(msg.content), toolCallId: str(msg.tool_call_id), toolName: str(msg.name), timestamp });
  } else if (role === "function") {
    // Legacy function calling has no ids: the result answers the most recent open call.
    const call = b.takeLastOpenCall();
    const id = call ? (call.toolCallId ??= `call-${call.index}`) : undefined;
    b.add({ role: "tool", kind: "tool_result", text: contentText(msg.content), toolCallId: id, toolName: str(msg.name) ?? call?.toolName, timestamp });
  } else {
    addAssistantMessage(b, msg, extras);
  }
}

function addAssistantMessage(b: StepBuilder, msg: TRecord, extras: TStepExtras): void {
  const first = b.steps.length;
  const timestamp = extras.timestamp;
  const reasoning = str(msg.reasoning_content) ?? str(msg.reasoning);
  const { thought, rest } = splitThink(contentText(msg.content));
  const thoughts = [reasoning, thought].filter(Boolean).join("\n\n");
  if (thoughts) b.add({ role: "assistant", kind: "thought", text: thoughts, timestamp });
  const text = rest || str(msg.refusal);
  if (text) b.add({ role: "assistant", kind: "message", text, timestamp });
  for (const raw of asArray(msg.tool_calls)) {
    const call = asRecord(raw);
    const fn = asRecord(call.function);
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(fn.name) ?? str(call.name) ?? "unknown", toolArgs: toArgs(fn.arguments ?? call.args), toolCallId: str(call.id), timestamp });
  }
  if (isRecord(msg.function_call)) {
    const fn = msg.function_call;
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(fn.name) ?? "unknown", toolArgs: toArgs(fn.arguments), timestamp });
  }
  // A turn with nothing to show still consumed tokens; keep it so the usage has a home.
  if (b.steps.length === first && extras.tokens) b.add({ role: "assistant", kind: "message", text: "", timestamp });
  if (b.steps.length > first && extras.tokens) b.steps[first].tokens = extras.tokens;
}

export type TCompletionInfo = { model?: string; finishReason?: string; error?: string };

/**
 * A Chat Completions response body as steps: the first choice's message with the call's usage and
 * time; an error body (or HTTP error status) becomes an `error` step.
 */
export function addChatCompletion(b: StepBuilder, body: TRecord | undefined, status?: number): TCompletionInfo {
  const error = asRecord(body?.error);
  if (!body || Object.keys(error).length || (status !== undefined && status >= 400)) {
    const text = str(error.message) ?? (body ? JSON.stringify(body) : `HTTP ${status ?? "?"} without a body`);
    b.add({ role: "assistant", kind: "error", text, isError: true });
    return { error: text };
  }
  const choice = asRecord(asArray(body.choices)[0]);
  const message = asRecord(choice.message);
  addChatMessage(b, { ...message, role: "assistant" }, { timestamp: toIso(body.created), tokens: chatUsageTokens(body.usage ?? body.usage_metadata) });
  return { model: str(body.model), finishReason: str(choice.finish_reason) };
}
