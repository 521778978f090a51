import type { TTokens } from "../model";
import { asText, contentText, toArgs, toIso, type StepBuilder } from "../normalize";
import { asArray, asRecord, isRecord, num, str, type TRecord } from "./api-shared";
import type { TStepExtras } from "./openai-chat-map";

// OpenAI Responses API items → steps (doc §A2). Calls pair by `call_id` (not the item `id`);
// built-in tools (web_search_call, code_interpreter_call, mcp_call, …) carry their own result.

const PART_TYPES = /^(input_text|output_text|refusal|input_image|input_file|input_audio|summary_text|reasoning_text)$/;

export function isResponsesItem(v: unknown): v is TRecord {
  if (!isRecord(v)) return false;
  if (typeof v.type !== "string" && typeof v.role !== "string") return false;
  return !Array.isArray(v.content) || v.content.every((p) => isRecord(p) && typeof p.type === "string" && PART_TYPES.test(p.type));
}

/** Items that only the Responses API has: calls with `call_id`, reasoning, or input_text/output_text parts. */
function isMarkerItem(item: TRecord): boolean {
  const type = String(item.type ?? "");
  if (/_call(_output)?$/.test(type) || type === "reasoning") return true;
  return asArray(item.content).some((p) => /^(input_text|output_text)$/.test(String(asRecord(p).type)));
}

export function isResponsesItemList(v: unknown): v is TRecord[] {
  return Array.isArray(v) && v.length > 0 && v.every(isResponsesItem) && v.some(isMarkerItem);
}

export function responsesUsageTokens(usage: unknown): TTokens | undefined {
  const u = asRecord(usage);
  if (num(u.input_tokens) === undefined && num(u.output_tokens) === undefined) return undefined;
  const t: TTokens = { input: num(u.input_tokens) ?? 0, output: num(u.output_tokens) ?? 0 };
  const cached = num(asRecord(u.input_tokens_details).cached_tokens);
  const reasoning = num(asRecord(u.output_tokens_details).reasoning_tokens);
  if (cached) t.cached = cached;
  if (reasoning) t.reasoning = reasoning;
  return t;
}

/** The request's `instructions` and `input` (a string is one user message) as items. */
export function requestItems(request: TRecord): unknown[] {
  const input = typeof request.input === "string" ? [{ role: "user", content: request.input }] : asArray(request.input);
  return [...(str(request.instructions) ? [{ role: "system", content: request.instructions }] : []), ...input];
}

/** True for an item the model produced (a client echoes these back in the next request's input). */
export function isOutputItem(item: unknown): boolean {
  const i = asRecord(item);
  const type = String(i.type ?? "");
  return i.role === "assistant" || type === "reasoning" || (/_call$/.test(type) && !/_output$/.test(type));
}

export function addResponsesItem(b: StepBuilder, item: TRecord, extras: TStepExtras = {}): void {
  const timestamp = extras.timestamp;
  const type = str(item.type) ?? "message";
  const callId = str(item.call_id) ?? str(item.id);
  if (type === "message") {
    const text = partsText(item.content);
    if (item.role === "system" || item.role === "developer") b.add({ role: "system", kind: "message", text, timestamp });
    else if (item.role === "user") b.add({ role: "user", kind: "message", text, timestamp });
    // Clients echo an empty assistant message before tool calls (pydantic-ai); it says nothing.
    else if (text || extras.tokens) b.add({ role: "assistant", kind: "message", text, timestamp });
  } else if (type === "reasoning") {
    const text = [...asArray(item.summary), ...asArray(item.content)].map((p) => str(asRecord(p).text) ?? "").filter(Boolean).join("\n\n");
    if (text) b.add({ role: "assistant", kind: "thought", text, timestamp });
  } else if (/_call_output$/.test(type)) {
    b.add({ role: "tool", kind: "tool_result", text: partsText(item.output), toolCallId: str(item.call_id), isError: item.status === "failed" || undefined, timestamp });
  } else if (/_call$/.test(type)) {
    addCall(b, item, type, callId, timestamp);
  }
}

function addCall(b: StepBuilder, item: TRecord, type: string, callId: string | undefined, timestamp?: string): void {
  const name = str(item.name) ?? type.replace(/_call$/, "");
  const args =
    type === "function_call" || item.arguments !== undefined ? toArgs(item.arguments)
    : type === "custom_tool_call" ? { input: item.input }
    : isRecord(item.action) ? item.action
    : pick(item, ["code", "queries", "container_id", "server_label", "prompt"]);
  b.add({ role: "assistant", kind: "tool_call", text: "", toolName: name, toolArgs: args, toolCallId: callId, timestamp });
  // Hosted tools run on OpenAI's side: the result (or error) is part of the same item.
  const result = item.output ?? item.results ?? item.outputs ?? item.result;
  const error = item.error ?? (item.status === "failed" ? "failed" : undefined);
  if (type !== "function_call" && type !== "custom_tool_call" && (result !== undefined || error !== undefined)) {
    const text = [partsText(result), error !== undefined ? `error: ${asText(error)}` : ""].filter(Boolean).join("\n");
    b.add({ role: "tool", kind: "tool_result", text, toolName: name, toolCallId: callId, isError: error !== undefined || undefined, timestamp });
  }
}

function pick(item: TRecord, keys: string[]): TRecord {
  return Object.fromEntries(keys.filter((k) => item[k] !== undefined && item[k] !== null).map((k) => [k, item[k]]));
}

function partsText(content: unknown): string {
  if (Array.isArray(content)) return content.map((p) => str(asRecord(p).refusal) ?? contentText([p])).filter(Boolean).join("\n") || (content.length ? asText(content) : "");
  return contentText(content);
}

export type TResponseInfo = { model?: string; status?: string; error?: string; incomplete?: string };

/** A response object's output items with its usage and time, or an `error` step when it failed. */
export function addResponsesOutput(b: StepBuilder, body: TRecord | undefined, httpStatus?: number): TResponseInfo {
  const error = asRecord(body?.error);
  const timestamp = toIso(body?.created_at);
  const first = b.steps.length;
  for (const raw of asArray(body?.output)) if (isRecord(raw)) addResponsesItem(b, raw, { timestamp });
  const tokens = responsesUsageTokens(body?.usage);
  if (tokens && b.steps.length > first) b.steps[first].tokens = tokens;
  const failed = !body || Object.keys(error).length > 0 || body.status === "failed" || (httpStatus !== undefined && httpStatus >= 400);
  if (failed) {
    const text = [str(error.code), str(error.message)].filter(Boolean).join(": ") || (body ? `response ${str(body.status) ?? "failed"}` : `HTTP ${httpStatus ?? "?"} without a body`);
    b.add({ role: "assistant", kind: "error", text, isError: true, timestamp, tokens: b.steps.length === first ? tokens : undefined });
    return { model: str(body?.model), status: str(body?.status), error: text };
  }
  if (tokens && b.steps.length === first) b.add({ role: "assistant", kind: "message", text: "", timestamp, tokens });
  return { model: str(body.model), status: str(body.status), incomplete: str(asRecord(body.incomplete_details).reason) };
}
