import type { TTokens } from "../../model";
import { contentText, toArgs, toIso, type StepBuilder } from "../../normalize";
import { isHumanPrompt, isRecord, str, type TEntry, type TRecord } from "./log";

// Turns live Claude Code entries into normalized steps. One line may carry several content blocks
// (older versions) or one block of a streamed response (newer ones); each block becomes one step.

export type TSubagentRun = { agentId: string; file?: string; entries: TEntry[]; prompt?: string };

export type TEmitContext = {
  b: StepBuilder;
  /** Sub-agent runs to splice in just before the result of the Task call that started them. */
  subagentsByCall: Map<string, TSubagentRun[]>;
  rejectedCalls: string[];
  models: Map<string, number>;
  /** Message ids whose usage was already counted. */
  countedIds: Set<string>;
  onSubagent(run: TSubagentRun, callId: string | undefined, span: { first: number; last: number; model?: string }): void;
};

const REJECTION = "The user doesn't want to proceed with this tool use";

/** Final usage per message id: streamed lines repeat it, and the last line holds the final count. */
export function collectUsage(entries: TEntry[]): Map<string, TTokens> {
  const usage = new Map<string, TTokens>();
  for (const e of entries) {
    const msg = e.rec.message as TRecord | undefined;
    const id = e.type === "assistant" ? str(msg?.id) : undefined;
    if (id && isRecord(msg?.usage)) usage.set(id, tokensOf(msg.usage));
  }
  return usage;
}

function tokensOf(u: TRecord): TTokens {
  const n = (v: unknown) => (typeof v === "number" && v > 0 ? Math.round(v) : 0);
  // Anthropic reports cache reads/writes apart from input_tokens; the prompt size is their sum.
  const cached = n(u.cache_read_input_tokens);
  return { input: n(u.input_tokens) + n(u.cache_creation_input_tokens) + cached, output: n(u.output_tokens), cached };
}

export function emitEntries(ctx: TEmitContext, entries: TEntry[], usage: Map<string, TTokens>, skipFirstPrompt = false) {
  let skipped = !skipFirstPrompt;
  for (const e of entries) {
    const timestamp = toIso(e.rec.timestamp);
    if (!skipped && isHumanPrompt(e)) {
      skipped = true;
      continue;
    }
    if (e.type === "system") emitSystem(ctx, e, timestamp);
    else if (e.type === "user") emitUser(ctx, e, timestamp);
    else emitAssistant(ctx, e, usage, timestamp);
  }
}

function emitSystem(ctx: TEmitContext, e: TEntry, timestamp?: string) {
  const text = contentText(e.rec.content) || str(e.rec.subtype) || "";
  const isError = e.rec.level === "error" || e.rec.subtype === "api_error";
  if (isError) ctx.b.add({ role: "system", kind: "error", text: text || contentText(e.rec.error), isError, timestamp });
  else if (text) ctx.b.add({ role: "system", kind: "message", text, timestamp });
}

function emitUser(ctx: TEmitContext, e: TEntry, timestamp?: string) {
  const content = (e.rec.message as TRecord).content;
  // Injected expansions, compaction summaries and local command output are not human turns.
  const role = isHumanPrompt(e) ? "user" : "system";
  if (!Array.isArray(content)) {
    const text = contentText(content);
    if (text) ctx.b.add({ role, kind: "message", text, timestamp });
    return;
  }
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === "tool_result") emitToolResult(ctx, e, block, timestamp);
    else {
      const text = contentText([block]);
      if (text.trim()) ctx.b.add({ role, kind: "message", text, timestamp });
    }
  }
}

function emitToolResult(ctx: TEmitContext, e: TEntry, block: TRecord, timestamp?: string) {
  const toolCallId = str(block.tool_use_id);
  for (const run of (toolCallId && ctx.subagentsByCall.get(toolCallId)) || []) emitSubagent(ctx, run, toolCallId);
  if (toolCallId) ctx.subagentsByCall.delete(toolCallId);
  const text = contentText(block.content);
  const rejected = text.includes(REJECTION) || e.rec.toolUseResult === "User rejected tool use";
  if (rejected && toolCallId) ctx.rejectedCalls.push(toolCallId);
  ctx.b.add({ role: "tool", kind: "tool_result", text, toolCallId, isError: block.is_error === true || rejected, timestamp });
}

export function emitSubagent(ctx: TEmitContext, run: TSubagentRun, callId: string | undefined) {
  const first = ctx.b.steps.length;
  const prompt = run.entries.find(isHumanPrompt);
  // The Task call's arguments already carry the prompt; repeat it only when the call is unknown.
  const models = new Map<string, number>();
  emitEntries({ ...ctx, models, subagentsByCall: new Map() }, run.entries, collectUsage(run.entries), !!callId && !!prompt);
  ctx.onSubagent(run, callId, { first, last: ctx.b.steps.length - 1, model: topModel(models) });
}

export function topModel(models: Map<string, number>): string | undefined {
  return [...models.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function emitAssistant(ctx: TEmitContext, e: TEntry, usage: Map<string, TTokens>, timestamp?: string) {
  const msg = e.rec.message as TRecord;
  const id = str(msg.id);
  const model = str(msg.model);
  if (model && model !== "<synthetic>") ctx.models.set(model, (ctx.models.get(model) ?? 0) + 1);
  let tokens = id && !ctx.countedIds.has(id) ? usage.get(id) : undefined;
  const take = () => {
    const t = tokens;
    if (t && id) ctx.countedIds.add(id);
    tokens = undefined;
    return t;
  };
  const blocks = Array.isArray(msg.content) ? msg.content : [{ type: "text", text: contentText(msg.content) }];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === "thinking" || block.type === "redacted_thinking") {
      const text = typeof block.thinking === "string" ? block.thinking : "[redacted thinking]";
      if (text.trim()) ctx.b.add({ role: "assistant", kind: "thought", text, timestamp, tokens: take() });
    } else if (block.type === "tool_use" || block.type === "server_tool_use") {
      ctx.b.add({
        role: "assistant",
        kind: "tool_call",
        text: "",
        toolName: str(block.name) ?? "unknown",
        toolArgs: toArgs(block.input),
        toolCallId: str(block.id),
        timestamp,
        tokens: take(),
      });
    } else {
      const text = contentText([block]);
      if (!text.trim()) continue;
      const apiError = e.rec.isApiErrorMessage === true || (model === "<synthetic>" && /^API Error/.test(text));
      if (apiError) ctx.b.add({ role: "system", kind: "error", text, isError: true, timestamp });
      else ctx.b.add({ role: "assistant", kind: "message", text, timestamp, tokens: take() });
    }
  }
}
