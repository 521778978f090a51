import { z } from "zod";
import { mayBeUnstorableJson, storableValue } from "../db/storable-text";

// Tolerant reading of a model's answer (method §2 "Parsing rules"): reasoning models prefix their
// thoughts, chat models wrap JSON in fences or add prose. The error texts are sent back to the
// model verbatim in a format-repair prompt, so they say precisely what is wrong.

export type TParsed<T> = { ok: true; value: T; json: string } | { ok: false; error: string };

/** Drops <think>…</think> blocks, and everything before a stray </think> (servers that omit the opening tag). */
export function stripThinking(text: string): string {
  let out = text.replace(/<think>[\s\S]*?<\/think>/gi, "");
  const strayClose = out.toLowerCase().lastIndexOf("</think>");
  if (strayClose >= 0) out = out.slice(strayClose + "</think>".length);
  // An unclosed <think> means the answer never came: nothing after it is the answer.
  const open = out.toLowerCase().indexOf("<think>");
  if (open >= 0) out = out.slice(0, open);
  return out.trim();
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    // The answer's own escapes ("\u0000", a lone "\uD83D") would decode to text the database refuses.
    const value: unknown = JSON.parse(text);
    return { ok: true, value: mayBeUnstorableJson(text) ? storableValue(value) : value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function* iterateFencedBlocks(text: string): Generator<string> {
  const fence = /```[ \t]*([A-Za-z0-9_-]*)[ \t]*\r?\n?([\s\S]*?)```/g;
  const blocks: Array<{ lang: string; body: string }> = [];
  for (const m of text.matchAll(fence)) blocks.push({ lang: m[1].toLowerCase(), body: m[2].trim() });
  // ```json blocks first: a reply may show an example in another fence before the answer.
  for (const b of blocks) if (b.lang === "json" || b.lang === "jsonc") yield b.body;
  for (const b of blocks) if (b.lang !== "json" && b.lang !== "jsonc") yield b.body;
}

/** Every substring that starts at a `{` or `[` and ends at its balanced partner, strings respected. */
function* iterateBalancedSpans(text: string): Generator<string> {
  for (let start = 0; start < text.length; start++) {
    const first = text[start];
    if (first !== "{" && first !== "[") continue;
    const stack: string[] = [];
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === "{" || c === "[") stack.push(c === "{" ? "}" : "]");
      else if (c === "}" || c === "]") {
        if (stack.pop() !== c) break;
        if (stack.length === 0) {
          yield text.slice(start, i + 1);
          break;
        }
      }
    }
  }
}

function dropTrailingCommas(json: string): string {
  return json.replace(/,(\s*[}\]])/g, "$1");
}

/** The JSON value in a reply: the whole text, a fenced block, or the first balanced object. */
export function extractJson(text: string): { ok: true; value: unknown; json: string } | { ok: false; error: string } {
  const body = stripThinking(text);
  if (body === "") return { ok: false, error: "The response is empty; expected one JSON object." };
  const candidates = [body, ...iterateFencedBlocks(body)];
  let firstError: string | undefined;
  for (const candidate of candidates) {
    const parsed = parseJsonText(candidate);
    if (parsed.ok) return { ok: true, value: parsed.value, json: candidate };
    firstError ??= parsed.error;
  }
  for (const span of iterateBalancedSpans(body)) {
    for (const candidate of [span, dropTrailingCommas(span)]) {
      const parsed = parseJsonText(candidate);
      if (parsed.ok && parsed.value !== null && typeof parsed.value === "object") return { ok: true, value: parsed.value, json: candidate };
    }
  }
  const hasBrace = body.includes("{") || body.includes("[");
  if (!hasBrace) return { ok: false, error: "No JSON object found in the response; answer with a single JSON object." };
  return { ok: false, error: `The response contains no valid JSON object (JSON.parse: ${firstError ?? "unbalanced braces"}).` };
}

/** Extracts the JSON and validates it against the schema. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>): TParsed<T> {
  const extracted = extractJson(text);
  if (!extracted.ok) return extracted;
  const checked = schema.safeParse(extracted.value);
  if (!checked.success) return { ok: false, error: `The JSON does not match the required schema:\n${z.prettifyError(checked.error)}` };
  return { ok: true, value: checked.data, json: extracted.json };
}
