import type { TFormat, TParsed, TParseOptions, TProbe } from "../format";
import type { TTrajectory } from "../model";
import { finishTrajectory, StepBuilder } from "../normalize";
import { headText, type TSourceFile } from "../source";
import { asArray, baseName, FieldError, firstUserText, isRecord, looksLikeJsonl, parseJsonlRows, readJsonDocument, rejectItem, str, tryTrajectory, type TRecord } from "./api-shared";
import { cassetteMetadata, detectCassetteApi, isCassetteHead, parseCassetteFile, type TCassetteAdapter, type TCassetteWalk } from "./cassette";
import { addAnthropicMessage, addAnthropicResponse, addSystemPrompt, isAnthropicMessage, isAnthropicMessageList, isAnthropicResponse } from "./anthropic-messages-map";

// Anthropic Messages conversations (doc §A3): a message array, a request body `{system?, messages}`
// (one per JSONL line too), a single response object, or a VCR cassette of /v1/messages traffic.

export const anthropicMessagesFormat: TFormat = {
  id: "anthropic-messages",
  label: "Anthropic Messages (tool_use / tool_result)",
  detect: detectAnthropic,
  parse: parseAnthropic,
};

function detectAnthropic(probe: TProbe): boolean {
  const cassette = detectCassetteApi(probe);
  if (cassette) return cassette === "anthropic-messages";
  const json = probe.json;
  if (json !== undefined) return isAnthropicMessageList(json) || isConversation(json);
  const lines = probe.lines.filter((l) => l !== undefined);
  return probe.lines[0] !== undefined && lines.every(isConversation);
}

function isConversation(v: unknown): boolean {
  return (isRecord(v) && isAnthropicMessageList(v.messages)) || isAnthropicResponse(v);
}

async function* parseAnthropic(file: TSourceFile, _opts: TParseOptions): AsyncGenerator<TParsed> {
  const head = await headText(file);
  if (isCassetteHead(head)) {
    yield* parseCassetteFile(file, anthropicCassette, (walk) => buildFromCassette(file.name, walk));
    return;
  }
  if (looksLikeJsonl(head, file.size > Buffer.byteLength(head))) {
    // A line is a request body ({messages}) or a response ({type: "message", content}).
    yield* parseJsonlRows(file, (row, line) => buildConversation(row, `${baseName(file.name)}#${line}`), ["messages", "content"]);
    return;
  }
  const doc = await readJsonDocument(file);
  if (!doc.ok) {
    yield rejectItem(file.name, doc.reason);
    return;
  }
  const v = doc.value;
  if (Array.isArray(v)) yield tryTrajectory(file.name, { record: "[]" }, () => buildConversation({ messages: v }, baseName(file.name)));
  else if (isRecord(v) && (Array.isArray(v.messages) || v.type === "message")) yield tryTrajectory(file.name, { record: "messages" }, () => buildConversation(v, baseName(file.name)));
  else yield rejectItem(file.name, "not an Anthropic Messages document: expected a message array, {messages} or a response");
}

/** A request body, a bare list, or one response object; no grader, so the outcome is unknown. */
function buildConversation(doc: TRecord, fallbackId: string): TTrajectory {
  const b = new StepBuilder();
  const meta: TRecord = {};
  addSystemPrompt(b, doc.system);
  if (doc.type === "message") {
    const info = addAnthropicResponse(b, doc);
    if (info.stopReason) meta.stopReason = info.stopReason;
  } else {
    asArray(doc.messages).forEach((m, i) => {
      if (!isAnthropicMessage(m)) throw new FieldError(`messages[${i}]`, `messages[${i}] is not an Anthropic message (needs role user|assistant and content)`);
      addAnthropicMessage(b, m);
    });
  }
  if (Array.isArray(doc.tools)) meta.tools = doc.tools.length;
  return finishTrajectory({
    externalId: str(doc.id) ?? fallbackId,
    instruction: firstUserText(b.steps),
    outcome: "unknown",
    model: str(doc.model),
    harness: "anthropic-messages",
    steps: b.steps,
    metadata: meta,
  });
}

const anthropicCassette: TCassetteAdapter = {
  api: "anthropic-messages",
  // The system prompt is a request field, not a message; as a pseudo-message it is compared and
  // emitted once like the rest of the history.
  history: (request) => [...(request.system ? [{ role: "system", content: request.system }] : []), ...asArray(request.messages)],
  isEcho: (item) => isRecord(item) && item.role === "assistant",
};

function buildFromCassette(file: string, walk: TCassetteWalk): TTrajectory {
  const b = new StepBuilder();
  const models = new Set<string>();
  const stopReasons: string[] = [];
  for (const ev of walk.events) {
    if (ev.kind === "history") {
      const item = ev.item;
      if (isRecord(item) && item.role === "system") addSystemPrompt(b, item.content);
      else if (isAnthropicMessage(item)) addAnthropicMessage(b, item);
      continue;
    }
    const info = addAnthropicResponse(b, ev.interaction.response, ev.interaction.status);
    if (info.model) models.add(info.model);
    if (info.stopReason) stopReasons.push(info.stopReason);
  }
  const request = walk.interactions[0].request ?? {};
  const truncated = stopReasons.filter((r) => r === "max_tokens").length;
  return finishTrajectory({
    externalId: baseName(file),
    instruction: firstUserText(b.steps),
    outcome: "unknown",
    model: [...models][0] ?? str(request.model),
    harness: "anthropic-messages",
    steps: b.steps,
    metadata: cassetteMetadata(walk, { stopReasons, requestModel: str(request.model), tools: asArray(request.tools).length, ...(truncated ? { truncatedTurns: truncated } : {}) }),
  });
}
