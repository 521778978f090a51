import type { TFormat, TParsed, TParseOptions, TProbe } from "../format";
import type { TTrajectory } from "../model";
import { finishTrajectory, outcomeFromReward, StepBuilder } from "../normalize";
import { headText, type TSourceFile } from "../source";
import { asArray, baseName, firstUserText, isRecord, looksLikeJsonl, parseJsonlRows, readJsonDocument, rejectItem, str, tryTrajectory, uniquifyCallIds, type TRecord } from "./api-shared";
import { cassetteMetadata, detectCassetteApi, isCassetteHead, parseCassetteFile, type TCassetteAdapter, type TCassetteWalk } from "./cassette";
import { addChatCompletion, addChatMessage, addMessages, isChatMessage, isChatMessageList } from "./openai-chat-map";
import { isTauBenchRecord, mapTauBenchRecord } from "./openai-chat-taubench";

// OpenAI Chat Completions conversations (doc §A1): a bare message array, a `{messages}` object
// (request body / fine-tune row), JSONL with one `{messages}` conversation per line, tau-bench result
// arrays, and VCR cassettes of /chat/completions traffic.

// Keys a `{messages}` object may carry besides the messages (request bodies, fine-tune rows). Other
// keys mean another format that embeds chat messages (mini-swe-agent, SWE-Gym rows, …).
const CONVERSATION_KEYS = new Set([
  "messages", "model", "tools", "functions", "tool_choice", "function_call", "parallel_tool_calls", "temperature", "top_p",
  "max_tokens", "max_completion_tokens", "n", "stream", "stream_options", "stop", "seed", "response_format", "metadata",
  "id", "user", "reasoning_effort", "frequency_penalty", "presence_penalty", "logprobs", "top_logprobs", "logit_bias",
  "store", "service_tier", "modalities", "audio", "prediction", "web_search_options", "verbosity",
]);

export const openaiChatFormat: TFormat = {
  id: "openai-chat",
  label: "OpenAI Chat Completions messages",
  detect: detectOpenaiChat,
  parse: parseOpenaiChat,
};

function detectOpenaiChat(probe: TProbe): boolean {
  const cassette = detectCassetteApi(probe);
  if (cassette) return cassette === "openai-chat";
  const json = probe.json;
  if (Array.isArray(json)) return isTauBenchArray(json) || isChatMessageList(json);
  if (json !== undefined) return isConversation(json);
  const lines = probe.lines.filter((l) => l !== undefined);
  return probe.lines[0] !== undefined && lines.every(isConversation);
}

function isConversation(v: unknown): v is TRecord {
  return isRecord(v) && isChatMessageList(v.messages) && Object.keys(v).every((k) => CONVERSATION_KEYS.has(k));
}

function isTauBenchArray(v: unknown[]): boolean {
  return v.length > 0 && v.slice(0, 20).every(isTauBenchRecord);
}

async function* parseOpenaiChat(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  const head = await headText(file);
  if (isCassetteHead(head)) {
    yield* parseCassetteFile(file, chatCassette, (walk) => buildFromCassette(file.name, walk));
    return;
  }
  if (looksLikeJsonl(head, file.size > Buffer.byteLength(head))) {
    yield* parseJsonlRows(file, (row, line) => buildConversation(row.messages as unknown[], `${baseName(file.name)}#${line}`, row, "messages"));
    return;
  }
  const doc = await readJsonDocument(file);
  if (!doc.ok) {
    yield rejectItem(file.name, doc.reason);
    return;
  }
  const value = doc.value;
  // One well-formed record is enough: the others are checked one by one and rejected alone.
  if (Array.isArray(value) && value.some(isTauBenchRecord)) {
    const seen = new Set<string>();
    for (let i = 0; i < value.length; i++) {
      yield tryTrajectory(file.name, { record: `[${i}]` }, () => mapTauBenchRecord(value[i] as TRecord, i, seen, opts));
    }
  } else if (Array.isArray(value) || (isRecord(value) && Array.isArray(value.messages))) {
    const messages = Array.isArray(value) ? value : (value as TRecord).messages;
    yield tryTrajectory(file.name, { record: Array.isArray(value) ? "[]" : "messages" }, () =>
      buildConversation(messages as unknown[], baseName(file.name), Array.isArray(value) ? {} : (value as TRecord), "messages"),
    );
  } else {
    yield rejectItem(file.name, "not an OpenAI chat document: expected a message array, {messages} or tau-bench results");
  }
}

/** A plain conversation: no grader, so the outcome stays unknown. */
function buildConversation(messages: unknown[], externalId: string, container: TRecord, field: string): TTrajectory {
  const b = new StepBuilder();
  addMessages(b, messages, field);
  const metadata: TRecord = {};
  if (Array.isArray(container.tools)) metadata.tools = container.tools.length;
  if (isRecord(container.metadata)) metadata.metadata = container.metadata;
  const renamed = uniquifyCallIds(b.steps);
  if (renamed) metadata.reusedCallIds = renamed;
  return finishTrajectory({
    externalId: str(container.id) ?? externalId,
    instruction: firstUserText(b.steps),
    outcome: "unknown",
    model: str(container.model),
    harness: "openai-chat",
    steps: b.steps,
    metadata,
  });
}

const chatCassette: TCassetteAdapter = {
  api: "openai-chat",
  history: (request) => asArray(request.messages),
  isEcho: (item) => isRecord(item) && item.role === "assistant",
};

function buildFromCassette(file: string, walk: TCassetteWalk): TTrajectory {
  const b = new StepBuilder();
  const models = new Set<string>();
  const finishReasons: string[] = [];
  for (const ev of walk.events) {
    if (ev.kind === "history") {
      if (isChatMessage(ev.item)) addChatMessage(b, ev.item);
      continue;
    }
    const info = addChatCompletion(b, ev.interaction.response, ev.interaction.status);
    if (info.model) models.add(info.model);
    if (info.finishReason) finishReasons.push(info.finishReason);
  }
  const request = walk.interactions[0].request ?? {};
  return finishTrajectory({
    externalId: baseName(file),
    instruction: firstUserText(b.steps),
    outcome: outcomeFromReward(undefined),
    model: [...models][0] ?? str(request.model),
    harness: "openai-chat",
    steps: b.steps,
    metadata: cassetteMetadata(walk, { finishReasons, requestModel: str(request.model), tools: asArray(request.tools).length }),
  });
}
