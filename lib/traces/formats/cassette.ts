import { parse as parseYaml } from "yaml";
import type { TParsed, TProbe } from "../format";
import type { TTrajectory } from "../model";
import { readText, type TSourceFile } from "../source";
import { asArray, asRecord, isRecord, rejectItem, str, tryTrajectory, type TRecord } from "./api-shared";

// VCR cassettes (vcrpy / pytest-recording, as pydantic-ai stores them): YAML (or JSON)
// `interactions: [{request: {uri, parsed_body | body}, response: {status, parsed_body | body}}]`.
// They are recorded HTTP traffic, not an export, but they hold real conversations: every request
// repeats the history so far, every response adds the model's turn. One cassette = one trajectory,
// rebuilt from the first request's history, each response's output, and only the *new* items of
// each later request (the echo of the previous response and older history are skipped).

export type TCassetteApi = "openai-chat" | "openai-responses" | "anthropic-messages";

export type TInteraction = {
  index: number;
  api?: TCassetteApi;
  uri: string;
  request?: TRecord;
  response?: TRecord;
  status?: number;
};

export type TCassetteAdapter = {
  api: TCassetteApi;
  /** The conversation a request carries, system prompt first, in the API's own item shapes. */
  history(request: TRecord): unknown[];
  /** True for an item a client sends back from the previous response (assistant side). */
  isEcho(item: unknown): boolean;
};

export type TCassetteEvent =
  | { kind: "history"; item: unknown; interaction: TInteraction }
  | { kind: "response"; interaction: TInteraction };

export type TCassetteWalk = { events: TCassetteEvent[]; interactions: TInteraction[]; restarts: number; skipped: number };

/** Which LLM API an endpoint belongs to, from the request path (any host: proxies, Azure, gateways). */
export function apiOfUri(uri: string): TCassetteApi | undefined {
  const path = uri.replace(/[?#].*$/, "").replace(/\/+$/, "");
  if (/\/chat\/completions$/.test(path)) return "openai-chat";
  if (/\/responses$/.test(path)) return "openai-responses";
  if (/\/messages$/.test(path) && !/\/threads\//.test(path)) return "anthropic-messages";
  return undefined;
}

/** The API of a cassette file from the probe, or undefined when the file is not a cassette. */
export function detectCassetteApi(probe: TProbe): TCassetteApi | undefined {
  if (isRecord(probe.json)) {
    if (!Array.isArray(probe.json.interactions)) return undefined;
    for (const [i, it] of probe.json.interactions.entries()) {
      const api = apiOfInteraction(readInteraction(it, i));
      if (api) return api;
    }
    return undefined;
  }
  if (!isCassetteHead(probe.head)) return undefined;
  for (const m of probe.head.matchAll(/^[ \t-]*uri:[ \t]*['"]?([^'"\s]+)/gm)) {
    const api = apiOfUri(m[1]);
    if (api) return api;
  }
  // A gateway with an unusual path: the Anthropic version header is decisive.
  return /^\s*-?\s*anthropic-version:/im.test(probe.head) ? "anthropic-messages" : undefined;
}

/** True for a cassette's first bytes: YAML with a top-level `interactions:`, or vcrpy's JSON form. */
export function isCassetteHead(head: string): boolean {
  if (/^\s*\{/.test(head)) return /^\s*\{\s*"interactions"\s*:\s*\[/.test(head);
  return /^interactions:[ \t]*\r?$/m.test(head) && !/^\s*\[/.test(head);
}

/** Provenance of a cassette trajectory: container, endpoint and how the history was stitched. */
export function cassetteMetadata(walk: TCassetteWalk, extra: TRecord): TRecord {
  const meta: TRecord = { container: "vcr-cassette", interactions: walk.interactions.length, endpoint: walk.interactions[0]?.uri, ...extra };
  if (walk.restarts) meta.historyRestarts = walk.restarts;
  if (walk.skipped) meta.otherInteractions = walk.skipped;
  return meta;
}

/** Reads a cassette file and walks the interactions of one API into conversation events. */
export async function loadCassette(file: TSourceFile, adapter: TCassetteAdapter): Promise<{ ok: true; walk: TCassetteWalk } | { ok: false; reason: string; field?: string }> {
  let doc: unknown;
  try {
    doc = parseYaml(await readText(file), { uniqueKeys: false });
  } catch (err) {
    return { ok: false, reason: `invalid YAML: ${(err as Error).message.split("\n")[0]}` };
  }
  if (!isRecord(doc) || !Array.isArray(doc.interactions)) return { ok: false, reason: "not a VCR cassette: no interactions list", field: "interactions" };
  const all = doc.interactions.map(readInteraction);
  const mine = all.filter((it) => apiOfInteraction(it) === adapter.api && it.request);
  if (!mine.length) return { ok: false, reason: `cassette has no ${adapter.api} request`, field: "interactions" };
  return { ok: true, walk: walkInteractions(mine, adapter, all.length - mine.length) };
}

/** One trajectory from a cassette, or one rejected item saying why not. */
export async function* parseCassetteFile(
  file: TSourceFile,
  adapter: TCassetteAdapter,
  build: (walk: TCassetteWalk) => TTrajectory,
): AsyncGenerator<TParsed> {
  const loaded = await loadCassette(file, adapter);
  if (!loaded.ok) {
    yield rejectItem(file.name, loaded.reason, { field: loaded.field });
    return;
  }
  yield tryTrajectory(file.name, { record: "interactions" }, () => build(loaded.walk));
}

function walkInteractions(interactions: TInteraction[], adapter: TCassetteAdapter, skipped: number): TCassetteWalk {
  const events: TCassetteEvent[] = [];
  let prev: string[] | undefined;
  let answered = false;
  let restarts = 0;
  for (const interaction of interactions) {
    const history = adapter.history(interaction.request!);
    const keys = history.map(stableKey);
    let start = 0;
    if (prev && keys.length >= prev.length && prev.every((k, i) => k === keys[i])) {
      start = prev.length;
      if (answered) while (start < history.length && adapter.isEcho(history[start])) start++;
    } else if (prev) {
      // Not a continuation (history trimmed, or a stateful `previous_response_id` request that
      // sends only new items): its whole history is new.
      restarts++;
    }
    for (const item of history.slice(start)) events.push({ kind: "history", item, interaction });
    events.push({ kind: "response", interaction });
    prev = keys;
    answered = interaction.response !== undefined && (interaction.status ?? 200) < 400;
  }
  return { events, interactions, restarts, skipped };
}

function readInteraction(raw: unknown, index: number): TInteraction {
  const it = asRecord(raw);
  const request = asRecord(it.request);
  const response = asRecord(it.response);
  const status = asRecord(response.status).code;
  return {
    index,
    uri: str(request.uri) ?? "",
    request: readBody(request),
    response: readBody(response),
    status: typeof status === "number" ? status : undefined,
  };
}

function apiOfInteraction(it: TInteraction): TCassetteApi | undefined {
  if (it.api) return it.api;
  const byUri = apiOfUri(it.uri);
  if (byUri || !it.request) return (it.api = byUri);
  // Unknown endpoint: fall back to the request body's shape.
  const body = it.request;
  if ("input" in body && ("model" in body || "instructions" in body)) return (it.api = "openai-responses");
  if (Array.isArray(body.messages)) {
    const anthropic = "system" in body || asArray(body.messages).some((m) => Array.isArray(asRecord(m).content) && asArray(asRecord(m).content).some((b) => /^(tool_use|tool_result|thinking)$/.test(String(asRecord(b).type))));
    return (it.api = anthropic ? "anthropic-messages" : "openai-chat");
  }
  return undefined;
}

/** A request/response body: pydantic-ai's `parsed_body`, or vcrpy's `body` (string or {string}). */
function readBody(part: TRecord): TRecord | undefined {
  if (isRecord(part.parsed_body)) return part.parsed_body;
  const body = isRecord(part.body) ? (part.body.string ?? part.body.data) : part.body;
  if (isRecord(body)) return body;
  if (typeof body !== "string" || !body.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with sorted keys, so the same message serialized twice compares equal. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}
