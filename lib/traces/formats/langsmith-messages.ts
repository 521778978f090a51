import type { TTokens } from "../model";
import { contentText } from "../normalize";
import { asArray, asRecord, isRecord, str, type TRecord } from "./api-shared";
import { chatUsageTokens } from "./openai-chat-map";

// The message shapes found in LangSmith run inputs/outputs, as Chat Completions messages: OpenAI
// messages (wrap_openai), LangChain serialized messages (`{lc, id: [..., "AIMessage"], kwargs}`),
// LangChain dicts (`{type: "human", content}` or `{type, data}`).

const LC_ROLES: Record<string, string> = {
  human: "user", HumanMessage: "user", HumanMessageChunk: "user",
  ai: "assistant", AIMessage: "assistant", AIMessageChunk: "assistant",
  system: "system", SystemMessage: "system",
  tool: "tool", ToolMessage: "tool", function: "function", FunctionMessage: "function",
  user: "user", assistant: "assistant", developer: "system",
};

/** Any supported message shape as a chat message, or undefined. */
export function toChatMessage(raw: unknown): TRecord | undefined {
  if (typeof raw === "string") return { role: "user", content: raw };
  if (!isRecord(raw)) return undefined;
  let m = raw;
  let kind = str(m.role) ?? str(m.type);
  if (m.lc !== undefined && Array.isArray(m.id)) {
    kind = String(m.id[m.id.length - 1]);
    m = asRecord(m.kwargs);
  } else if (isRecord(m.data) && !m.content) m = m.data;
  const role = kind ? LC_ROLES[kind] : undefined;
  if (!role) return undefined;
  const extra = asRecord(m.additional_kwargs);
  const toolCalls = asArray(m.tool_calls).length ? m.tool_calls : extra.tool_calls;
  return {
    role,
    content: m.content,
    tool_calls: toolCalls,
    tool_call_id: m.tool_call_id,
    name: m.name,
    reasoning_content: m.reasoning_content ?? extra.reasoning_content,
    ...(m.status === "error" ? { status: "error" } : {}),
  };
}

/** The messages an LLM run was called with (LangChain batches them: the first batch is the call). */
export function inputMessages(inputs: TRecord): TRecord[] {
  let list = asArray(inputs.messages);
  if (Array.isArray(list[0])) list = list[0];
  if (!list.length && Array.isArray(inputs.prompts)) list = inputs.prompts;
  if (!list.length && Array.isArray(inputs.input)) list = inputs.input;
  return list.map(toChatMessage).filter((m): m is TRecord => !!m);
}

export type TLlmOutput = { message?: TRecord; tokens?: TTokens; model?: string };

/** The assistant message an LLM run produced, with its usage and model. */
export function llmOutput(run: TRecord): TLlmOutput {
  const outputs = asRecord(run.outputs);
  const runTokens = chatUsageTokens({ prompt_tokens: run.prompt_tokens, completion_tokens: run.completion_tokens });
  if (Array.isArray(outputs.choices)) {
    const message = asRecord(asRecord(outputs.choices[0]).message);
    return { message: { ...message, role: "assistant" }, tokens: chatUsageTokens(outputs.usage ?? outputs.usage_metadata) ?? runTokens, model: str(outputs.model) };
  }
  const gen = asRecord(asArray(asArray(outputs.generations)[0])[0]);
  if (Object.keys(gen).length) {
    const message = toChatMessage(gen.message) ?? { role: "assistant", content: gen.text };
    const kwargs = asRecord(asRecord(gen.message).kwargs);
    const llm = asRecord(outputs.llm_output);
    const tokens = chatUsageTokens(kwargs.usage_metadata) ?? chatUsageTokens(llm.token_usage ?? llm.usage) ?? runTokens;
    return { message: { ...message, role: "assistant" }, tokens, model: str(llm.model_name) ?? str(asRecord(kwargs.response_metadata).model_name) };
  }
  const out = toChatMessage(outputs.output ?? outputs.message);
  if (out) return { message: { ...out, role: "assistant" }, tokens: chatUsageTokens(asRecord(outputs.output).usage_metadata) ?? runTokens };
  return { tokens: runTokens };
}

/** The model an LLM run used: the response's model, else LangSmith's `ls_model_name`, else the request's. */
export function runModel(run: TRecord, output: TLlmOutput): string | undefined {
  const inv = asRecord(asRecord(run.extra).invocation_params);
  return output.model ?? str(asRecord(asRecord(run.extra).metadata).ls_model_name) ?? str(asRecord(run.inputs).model) ?? str(inv.model) ?? str(inv.model_name);
}

/** The task text of a root run: `input`/`question`/`query`, the last user message, or the first string input. */
export function rootInstruction(inputs: TRecord): string {
  for (const key of ["input", "question", "query", "prompt", "task", "instruction"]) {
    const v = inputs[key];
    if (typeof v === "string" && v.trim()) return v;
  }
  const users = inputMessages(inputs).filter((m) => m.role === "user");
  if (users.length) return contentText(users[users.length - 1].content);
  const first = Object.values(inputs).find((v) => typeof v === "string" && v.trim());
  return typeof first === "string" ? first : "";
}

/** A tool run's result text and the call id its ToolMessage names, if any. */
export function toolOutput(outputs: TRecord): { text: string; callId?: string; failed: boolean } {
  const raw = outputs.output ?? outputs;
  const msg = toChatMessage(raw);
  if (msg && msg.role === "tool") return { text: contentText(msg.content), callId: str(msg.tool_call_id), failed: msg.status === "error" };
  if (isRecord(raw) && !Object.keys(raw).length) return { text: "", failed: false };
  return { text: typeof raw === "string" ? raw : isRecord(raw) ? JSON.stringify(raw) : contentText(raw), failed: false };
}
