import type { TStep } from "../../model";
import { splitThink, StepBuilder, toArgs } from "../../normalize";

// The ReAct text grammar of the official Trace2Skill harness (src/react_agent): assistant turns are
// `[<think>…</think>] Thought: … Action: {"name": …, "arguments": {…}}` or end with the literal
// `ACTION: TASK_COMPLETE`; tool observations come back as USER messages `Observation: …`; a turn the
// harness could not parse is answered with "Failed to parse your action…". Calls carry no ids, so
// each call gets a synthetic one (`action-<message number>`) and its observation is paired with the
// most recent unanswered call.

export type TLogMessage = { index: number; role: string; content: string; timestamp?: string };

const TASK_COMPLETE = "ACTION: TASK_COMPLETE";
const PARSE_FAILURE = /^Failed to parse your action/i;

export function buildSteps(messages: TLogMessage[]): { steps: TStep[]; taskComplete: boolean; taskPrompt?: string } {
  const b = new StepBuilder();
  let taskComplete = false;
  let taskPrompt: string | undefined;
  for (const m of messages) {
    const role = m.role.toLowerCase();
    const at = m.timestamp;
    if (role === "system") b.add({ role: "system", kind: "message", text: m.content, timestamp: at });
    else if (role === "assistant") taskComplete = addAssistant(b, m) || taskComplete;
    else {
      const observation = readObservation(m.content);
      if (observation !== undefined) addObservation(b, observation, at);
      else if (PARSE_FAILURE.test(m.content.trim())) b.add({ role: "user", kind: "error", text: m.content, isError: true, timestamp: at });
      else {
        if (taskPrompt === undefined) taskPrompt = m.content.replace(/^Task:\s*/, "");
        b.add({ role: "user", kind: "message", text: m.content, timestamp: at });
      }
    }
  }
  return { steps: b.steps, taskComplete, taskPrompt };
}

/** Returns true when the turn signals completion. */
function addAssistant(b: StepBuilder, m: TLogMessage): boolean {
  const at = m.timestamp;
  const { thought, rest } = splitThink(m.content);
  if (thought) b.add({ role: "assistant", kind: "thought", text: thought, timestamp: at });
  const complete = rest.includes(TASK_COMPLETE);
  const text = rest.replace(TASK_COMPLETE, "").trim();
  const action = findAction(text);
  if (!action) {
    if (text) b.add({ role: "assistant", kind: "message", text: stripThoughtLabel(text), timestamp: at });
    return complete;
  }
  const prose = stripThoughtLabel(text.slice(0, action.start));
  if (prose) b.add({ role: "assistant", kind: "thought", text: prose, timestamp: at });
  b.add({
    role: "assistant",
    kind: "tool_call",
    text: "",
    toolName: action.name,
    toolArgs: action.args,
    toolCallId: `action-${m.index}`,
    timestamp: at,
  });
  return complete;
}

function addObservation(b: StepBuilder, text: string, at?: string): void {
  if (PARSE_FAILURE.test(text)) {
    b.add({ role: "user", kind: "error", text, isError: true, timestamp: at });
    return;
  }
  const call = b.takeLastOpenCall();
  b.add({
    role: "tool",
    kind: "tool_result",
    text,
    toolName: call?.toolName,
    toolCallId: call?.toolCallId,
    isError: looksLikeFailure(text) || undefined,
    timestamp: at,
  });
}

/** `Observation:` body without the fence the markdown logger wraps it in; undefined when not one. */
export function readObservation(content: string): string | undefined {
  const m = /^Observation:[ \t]*\n?([\s\S]*)$/.exec(content.trim());
  if (!m) return undefined;
  const body = m[1];
  const fenced = /^(`{3,})[^\n]*\n([\s\S]*?)\n?\1\s*$/.exec(body);
  return (fenced ? fenced[2] : body).trim();
}

/**
 * The bash tool reports failures in its output only (no status field), so a traceback, a leading
 * "Error:", a non-zero exit code or a timeout marks the result as an error.
 */
function looksLikeFailure(text: string): boolean {
  return (
    /Traceback \(most recent call last\)/.test(text) ||
    /^(Error|ERROR)\b[:\s]/.test(text) ||
    /\b(exit code|return code|exit status)[:\s]+[1-9]\d*/i.test(text) ||
    /^Command timed out/i.test(text)
  );
}

function stripThoughtLabel(text: string): string {
  return text.replace(/^\s*Thought:\s*/, "").trim();
}

/** The `Action:` JSON object: the first balanced {…} after the label (string-aware). */
function findAction(text: string): { start: number; name: string; args: Record<string, unknown> } | undefined {
  const label = /(^|\n)[ \t]*Action:[ \t]*/.exec(text);
  if (!label) return undefined;
  const from = text.indexOf("{", label.index + label[0].length);
  if (from < 0) return undefined;
  const end = matchBrace(text, from);
  if (end < 0) return undefined;
  try {
    const obj = JSON.parse(text.slice(from, end + 1)) as Record<string, unknown>;
    if (typeof obj.name !== "string") return undefined;
    return { start: label.index, name: obj.name, args: toArgs(obj.arguments) };
  } catch {
    // Invalid JSON is what the harness answers with "Failed to parse your action": keep it as text.
    return undefined;
  }
}

function matchBrace(text: string, from: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}
