import type { TFormat, TParsed, TParseIssue, TProbe } from "../format";
import type { TTokens } from "../model";
import { asText, finishTrajectory, StepBuilder, toArgs, toIso } from "../normalize";
import { readText, type TSourceFile } from "../source";

// Gemini CLI chat sessions (~/.gemini/tmp/<projectHash>/chats/session-*.json), doc §A14:
// {sessionId, projectHash, messages[{type: user|gemini|info|warning|error, content, thoughts,
// toolCalls, tokens, model}]}. Content and tool results may be strings or Gemini parts.

type TRecord = Record<string, unknown>;

const isRecord = (v: unknown): v is TRecord => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const count = (v: unknown) => (typeof v === "number" && v > 0 ? Math.round(v) : 0);
const MESSAGE_TYPES = new Set(["user", "gemini", "info", "warning", "error"]);

function isSession(v: unknown): v is TRecord {
  return (
    isRecord(v) &&
    typeof v.sessionId === "string" &&
    typeof v.projectHash === "string" &&
    Array.isArray(v.messages) &&
    (v.messages.length === 0 || v.messages.some((m) => isRecord(m) && (m.type === "user" || m.type === "gemini")))
  );
}

/** Text of a string or Gemini parts (text, functionResponse, inline data). */
function partsText(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(partsText).filter(Boolean).join("\n");
  if (!isRecord(v)) return "";
  if (typeof v.text === "string") return v.text;
  if (isRecord(v.functionResponse)) {
    const response = isRecord(v.functionResponse.response) ? v.functionResponse.response : {};
    return asText(response.output ?? response.error ?? response.content ?? v.functionResponse.response);
  }
  if (v.inlineData || v.fileData) return "[file]";
  return "";
}

function hasErrorResponse(v: unknown): boolean {
  const parts = Array.isArray(v) ? v : [v];
  return parts.some((p) => isRecord(p) && isRecord(p.functionResponse) && isRecord(p.functionResponse.response) && p.functionResponse.response.error !== undefined);
}

async function* parse(file: TSourceFile): AsyncGenerator<TParsed> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readText(file));
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `not valid JSON: ${(err as Error).message}` } };
    return;
  }
  if (!isRecord(doc) || typeof doc.sessionId !== "string" || !Array.isArray(doc.messages)) {
    yield { kind: "rejected", issue: { file: file.name, reason: "not a Gemini CLI session (sessionId, messages[])" } };
    return;
  }
  const issues: TParseIssue[] = [];
  const b = new StepBuilder();
  const models: string[] = [];
  let instruction: string | undefined;
  doc.messages.forEach((m, i) => {
    if (!isRecord(m) || !MESSAGE_TYPES.has(m.type as string)) {
      issues.push({ file: file.name, record: `messages[${i}]`, field: "type", reason: "message type is not user, gemini, info, warning or error" });
      return;
    }
    const timestamp = toIso(m.timestamp);
    const text = partsText(m.content);
    if (m.type === "user") {
      instruction ??= text;
      b.add({ role: "user", kind: "message", text, timestamp });
    } else if (m.type === "gemini") {
      if (str(m.model)) models.push(m.model as string);
      addGemini(b, m, text, timestamp);
    } else if (m.type === "error") b.add({ role: "system", kind: "error", text, isError: true, timestamp });
    else if (text) b.add({ role: "system", kind: "message", text, timestamp });
  });
  for (const issue of issues) yield { kind: "rejected", issue };
  try {
    const trajectory = finishTrajectory({
      externalId: doc.sessionId,
      instruction: instruction ?? "",
      outcome: "unknown",
      model: [...new Set(models)].sort((a, c) => models.filter((x) => x === c).length - models.filter((x) => x === a).length)[0],
      harness: "gemini-cli",
      steps: b.steps,
      metadata: Object.fromEntries(
        Object.entries({
          projectHash: doc.projectHash,
          startTime: toIso(doc.startTime),
          lastUpdated: toIso(doc.lastUpdated),
          summary: doc.summary,
          kind: doc.kind,
          models: [...new Set(models)],
          sourceFile: file.name,
        }).filter(([, v]) => v !== undefined && v !== null),
      ),
    });
    yield { kind: "trajectory", trajectory };
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `trajectory failed validation: ${(err as Error).message}` } };
  }
}

/** One Gemini turn: thoughts, the reply, then each tool call and its recorded result. */
function addGemini(b: StepBuilder, m: TRecord, text: string, timestamp?: string) {
  const t = isRecord(m.tokens) ? m.tokens : undefined;
  let tokens: TTokens | undefined = t
    ? { input: count(t.input), output: count(t.output), cached: count(t.cached), ...(t.thoughts !== undefined ? { reasoning: count(t.thoughts) } : {}) }
    : undefined;
  const take = () => [tokens, (tokens = undefined)][0];
  for (const thought of Array.isArray(m.thoughts) ? m.thoughts.filter(isRecord) : []) {
    const body = [str(thought.subject), str(thought.description) ?? str(thought.summary)].filter(Boolean).join(": ");
    if (body) b.add({ role: "assistant", kind: "thought", text: body, timestamp: toIso(thought.timestamp) ?? timestamp, tokens: take() });
  }
  if (text.trim()) b.add({ role: "assistant", kind: "message", text, timestamp, tokens: take() });
  const calls = Array.isArray(m.toolCalls) ? m.toolCalls.filter(isRecord) : [];
  const ids = calls.map((call, k) => str(call.id) ?? `${String(m.id)}-call-${k}`);
  calls.forEach((call, k) => {
    const toolCallId = ids[k];
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(call.name) ?? "unknown", toolArgs: toArgs(call.args), toolCallId, timestamp: toIso(call.timestamp) ?? timestamp, tokens: take() });
  });
  calls.forEach((call, k) => {
    if (call.result === undefined && call.resultDisplay === undefined && !str(call.status)) return;
    const resultText = partsText(call.result) || asText(call.resultDisplay);
    const isError = call.status === "error" || call.status === "cancelled" || hasErrorResponse(call.result);
    b.add({ role: "tool", kind: "tool_result", text: resultText, toolCallId: ids[k], isError, timestamp: toIso(call.timestamp) ?? timestamp });
  });
  // A turn with only usage (empty reply) still consumed tokens: keep them on a placeholder message.
  if (tokens && (tokens.input || tokens.output)) b.add({ role: "assistant", kind: "message", text: "", timestamp, tokens: take() });
}

export const geminiCliFormat: TFormat = {
  id: "gemini-cli",
  label: "Gemini CLI session (JSON)",
  detect: (probe: TProbe) => isSession(probe.json),
  parse,
};
