import type { TFormat, TParsed, TParseOptions, TProbe } from "../format";
import type { TTrajectory } from "../model";
import { finishTrajectory, StepBuilder } from "../normalize";
import { headText, type TSourceFile } from "../source";
import { asArray, baseName, FieldError, firstUserText, isRecord, looksLikeJsonl, parseJsonlRows, readJsonDocument, rejectItem, str, tryTrajectory, type TRecord } from "./api-shared";
import { cassetteMetadata, detectCassetteApi, isCassetteHead, parseCassetteFile, type TCassetteAdapter, type TCassetteWalk } from "./cassette";
import { addResponsesItem, addResponsesOutput, isOutputItem, isResponsesItem, isResponsesItemList, requestItems, type TResponseInfo } from "./openai-responses-map";

// OpenAI Responses API items (doc §A2): an item array (e.g. Agents SDK `to_input_list()`), a request
// `{instructions?, input}`, a response `{output, usage}` or both in one object (one per JSONL line
// too), and VCR cassettes of /v1/responses traffic.

export const openaiResponsesFormat: TFormat = {
  id: "openai-responses",
  label: "OpenAI Responses API items",
  detect: detectResponses,
  parse: parseResponses,
};

function detectResponses(probe: TProbe): boolean {
  const cassette = detectCassetteApi(probe);
  if (cassette) return cassette === "openai-responses";
  const json = probe.json;
  if (json !== undefined) return isResponsesItemList(json) || isConversation(json);
  const lines = probe.lines.filter((l) => l !== undefined);
  return probe.lines[0] !== undefined && lines.every(isConversation);
}

function isConversation(v: unknown): boolean {
  return isRecord(v) && (isResponsesItemList(v.input) || isResponsesItemList(v.output));
}

async function* parseResponses(file: TSourceFile, _opts: TParseOptions): AsyncGenerator<TParsed> {
  const head = await headText(file);
  if (isCassetteHead(head)) {
    yield* parseCassetteFile(file, responsesCassette, (walk) => buildFromCassette(file.name, walk));
    return;
  }
  if (looksLikeJsonl(head, file.size > Buffer.byteLength(head))) {
    yield* parseJsonlRows(file, (row, line) => buildConversation(row, `${baseName(file.name)}#${line}`), ["input", "output"]);
    return;
  }
  const doc = await readJsonDocument(file);
  if (!doc.ok) {
    yield rejectItem(file.name, doc.reason);
    return;
  }
  const v = doc.value;
  if (Array.isArray(v)) yield tryTrajectory(file.name, { record: "[]" }, () => buildConversation({ input: v }, baseName(file.name)));
  else if (isRecord(v) && (Array.isArray(v.input) || Array.isArray(v.output))) yield tryTrajectory(file.name, { record: "input" }, () => buildConversation(v, baseName(file.name)));
  else yield rejectItem(file.name, "not a Responses API document: expected an item array, {input} or a response with output");
}

/** A request and/or response object, or a bare item list; no grader, so the outcome is unknown. */
function buildConversation(doc: TRecord, fallbackId: string): TTrajectory {
  const b = new StepBuilder();
  const items = requestItems(doc);
  items.forEach((item, i) => {
    if (!isResponsesItem(item)) throw new FieldError(`input[${i}]`, `input[${i}] is not a Responses item (needs a type or a role)`);
    addResponsesItem(b, item);
  });
  const meta: TRecord = {};
  let info: TResponseInfo = {};
  if (Array.isArray(doc.output)) info = addResponsesOutput(b, doc);
  if (info.status) meta.status = info.status;
  if (info.incomplete) meta.incomplete = info.incomplete;
  return finishTrajectory({
    externalId: str(doc.id) ?? fallbackId,
    instruction: firstUserText(b.steps),
    outcome: "unknown",
    model: info.model ?? str(doc.model),
    harness: "openai-responses",
    steps: b.steps,
    metadata: meta,
  });
}

const responsesCassette: TCassetteAdapter = { api: "openai-responses", history: requestItems, isEcho: isOutputItem };

function buildFromCassette(file: string, walk: TCassetteWalk): TTrajectory {
  const b = new StepBuilder();
  const models = new Set<string>();
  const statuses: string[] = [];
  for (const ev of walk.events) {
    if (ev.kind === "history") {
      if (isResponsesItem(ev.item)) addResponsesItem(b, ev.item);
      continue;
    }
    const info = addResponsesOutput(b, ev.interaction.response, ev.interaction.status);
    if (info.model) models.add(info.model);
    if (info.status) statuses.push(info.status);
  }
  const request = walk.interactions[0].request ?? {};
  return finishTrajectory({
    externalId: baseName(file),
    instruction: firstUserText(b.steps),
    outcome: "unknown",
    model: [...models][0] ?? str(request.model),
    harness: "openai-responses",
    steps: b.steps,
    metadata: cassetteMetadata(walk, { statuses, requestModel: str(request.model), tools: asArray(request.tools).length }),
  });
}
