import type { TParseIssue } from "../../format";
import type { TTokens } from "../../model";
import { asText, contentText, type StepBuilder, toIso } from "../../normalize";

// OpenHands event stream → steps (doc §A7). Actions become messages, thoughts and tool calls;
// observations answer the action named by their `cause` (or the same tool_call_id).

export type TRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is TRecord => typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export type TEventSummary = { instruction?: string; models: string[]; finished: boolean; agentStateErrors: number };

// Harness bookkeeping, not agent behaviour.
const SKIPPED_ACTIONS = new Set(["recall", "condensation", "condensation_request", "change_agent_state", "null"]);
const SKIPPED_OBSERVATIONS = new Set(["recall", "null", "condense", "think", "agent_think"]);
// The file editor reports failures in its content ("ERROR:\nNo replacement was performed ...").
const EDITOR_OBSERVATIONS = new Set(["edit", "read", "write"]);

/** Flattens very old histories of [action, observation] pairs, tying each observation to its action. */
export function flattenHistory(history: unknown[]): unknown[] {
  return history.flatMap((item, i) => {
    if (!Array.isArray(item)) return [item];
    const [action, observation] = item;
    if (!isRecord(action) || !isRecord(observation)) return item;
    const id = action.id ?? `pair-${i}`;
    return [{ ...action, id }, { ...observation, cause: observation.cause ?? id }];
  });
}

function tokensOf(usage: TRecord): TTokens {
  const n = (v: unknown) => (typeof v === "number" && v > 0 ? Math.round(v) : 0);
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const cached = typeof details.cached_tokens === "number" ? n(details.cached_tokens) : undefined;
  return { input: n(usage.prompt_tokens), output: n(usage.completion_tokens), ...(cached !== undefined ? { cached } : {}) };
}

export function addEvents(b: StepBuilder, events: unknown[], issues: TParseIssue[], where: { file: string; line?: number }): TEventSummary {
  const summary: TEventSummary = { models: [], finished: false, agentStateErrors: 0 };
  const calls = new Map<string, { toolCallId: string; toolName: string }>();
  const countedResponses = new Set<string>();
  events.forEach((e, i) => {
    if (!isRecord(e) || (typeof e.action !== "string" && typeof e.observation !== "string")) {
      issues.push({ ...where, record: `history[${i}]`, field: "action", reason: "event has neither an action nor an observation" });
      return;
    }
    const timestamp = toIso(e.timestamp);
    if (typeof e.action === "string") addAction(b, e, e.action, timestamp);
    else addObservation(b, e, e.observation as string, timestamp);
  });
  return summary;

  function addAction(b: StepBuilder, e: TRecord, action: string, timestamp?: string) {
    if (SKIPPED_ACTIONS.has(action)) return;
    const args = isRecord(e.args) ? e.args : {};
    const tcm = isRecord(e.tool_call_metadata) ? e.tool_call_metadata : {};
    const response = isRecord(tcm.model_response) ? tcm.model_response : {};
    const model = str(response.model);
    if (model) summary.models.push(model);
    const responseId = str(response.id);
    // Parallel calls repeat the same response on every action: count its usage once.
    let tokens = responseId && !countedResponses.has(responseId) && isRecord(response.usage) ? tokensOf(response.usage) : undefined;
    if (tokens) countedResponses.add(responseId!);
    const take = () => [tokens, (tokens = undefined)][0];
    const thought = str(args.thought);
    const fromUser = e.source === "user";

    if (action === "system") return void b.add({ role: "system", kind: "message", text: asText(args.content ?? e.message), timestamp });
    if (action === "message") {
      const text = contentText(args.content ?? e.message);
      if (fromUser) summary.instruction ??= text;
      return void b.add({ role: fromUser ? "user" : "assistant", kind: "message", text, timestamp, tokens: fromUser ? undefined : take() });
    }
    if (action === "think") return void b.add({ role: "assistant", kind: "thought", text: thought ?? asText(e.message), timestamp, tokens: take() });
    if (action === "finish" || action === "reject") {
      summary.finished ||= action === "finish";
      const final = str(args.final_thought) ?? str(args.message) ?? str(args.reason) ?? thought ?? asText(e.message);
      if (thought && thought !== final) b.add({ role: "assistant", kind: "thought", text: thought, timestamp, tokens: take() });
      return void b.add({ role: "assistant", kind: "message", text: final, timestamp, tokens: take() });
    }
    if (thought) b.add({ role: "assistant", kind: "thought", text: thought, timestamp, tokens: take() });
    const toolCallId = str(tcm.tool_call_id) ?? `event-${String(e.id)}`;
    const toolName = str(tcm.function_name) ?? action;
    const { thought: _thought, ...toolArgs } = args;
    if (e.id !== undefined) calls.set(String(e.id), { toolCallId, toolName });
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName, toolArgs, toolCallId, timestamp, tokens: take() });
  }

  function addObservation(b: StepBuilder, e: TRecord, observation: string, timestamp?: string) {
    const extras = isRecord(e.extras) ? e.extras : {};
    if (observation === "agent_state_changed") {
      if (extras.agent_state !== "error") return;
      summary.agentStateErrors++;
      return void b.add({ role: "system", kind: "error", text: asText(extras.reason ?? e.message) || "agent entered the error state", isError: true, timestamp });
    }
    if (SKIPPED_OBSERVATIONS.has(observation)) return;
    const tcm = isRecord(e.tool_call_metadata) ? e.tool_call_metadata : {};
    const call = e.cause !== undefined && e.cause !== null ? calls.get(String(e.cause)) : undefined;
    const toolCallId = call?.toolCallId ?? (b.callById(str(tcm.tool_call_id)) ? str(tcm.tool_call_id) : undefined);
    const text = asText(e.content ?? e.message);
    if (observation === "error" && !toolCallId) return void b.add({ role: "system", kind: "error", text, isError: true, timestamp });
    const metadata = isRecord(extras.metadata) ? extras.metadata : {};
    const exitCode = typeof metadata.exit_code === "number" ? metadata.exit_code : undefined;
    const isError =
      observation === "error" ||
      observation === "user_rejected" ||
      e.success === false ||
      (exitCode !== undefined && exitCode !== 0) ||
      (EDITOR_OBSERVATIONS.has(observation) && /^ERROR:/.test(text));
    b.add({ role: "tool", kind: "tool_result", text, toolName: call?.toolName ?? str(tcm.function_name), toolCallId, isError, timestamp });
  }
}
