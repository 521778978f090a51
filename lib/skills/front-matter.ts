import { LineCounter, parseDocument, stringify, isMap, isScalar } from "yaml";

// SKILL.md starts with YAML front matter between two "---" lines (Agent Skills spec). The body after
// the closing delimiter is kept byte for byte: edits, diffs and content hashes all work on it, so
// parsing and re-serializing must never reflow it.

/** The keys the Agent Skills validator allows (trace2skill-method.md §1.1). */
export const FRONT_MATTER_KEYS = ["name", "description", "license", "allowed-tools", "metadata", "compatibility"] as const;

export type TFrontMatterError = { /** 1-based line in the whole file. */ line: number; message: string };

export type TFrontMatter = {
  /** True when the text opens with a "---" line and a closing "---" line follows. */
  present: boolean;
  /** The parsed mapping; {} when absent or invalid. */
  data: Record<string, unknown>;
  /** The YAML source between the delimiters. */
  yaml: string;
  /** Everything after the closing delimiter line, byte-exact (the whole text when absent). */
  body: string;
  /** 1-based line number of the first body line. */
  bodyLine: number;
  /** 1-based line of each top-level key. */
  keyLines: Record<string, number>;
  errors: TFrontMatterError[];
};

const DELIMITER = /^---[ \t]*\r?$/;
// Editors on Windows may save a byte-order mark before the opening delimiter.
const OPENING = /^\uFEFF?---[ \t]*\r?$/;

export function parseFrontMatter(text: string): TFrontMatter {
  const absent: TFrontMatter = { present: false, data: {}, yaml: "", body: text, bodyLine: 1, keyLines: {}, errors: [] };
  const firstBreak = text.indexOf("\n");
  const firstLine = firstBreak === -1 ? text : text.slice(0, firstBreak);
  if (!OPENING.test(firstLine)) {
    return { ...absent, errors: [{ line: 1, message: 'SKILL.md must start with YAML front matter: a line "---", the keys, then "---"' }] };
  }
  const close = findClosingDelimiter(text, firstBreak + 1);
  if (!close) return { ...absent, errors: [{ line: 1, message: 'front matter opened with "---" on line 1 is never closed' }] };

  const yaml = text.slice(firstBreak + 1, close.start);
  const body = text.slice(close.end);
  const bodyLine = close.line + 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: true, uniqueKeys: true });
  // Line 1 of the YAML is line 2 of the file; an error found at the end of the YAML is reported on its
  // last line rather than on the closing delimiter.
  const lastYamlLine = Math.max(2, close.line - 1);
  const errors: TFrontMatterError[] = doc.errors.map((e) => ({ line: Math.min((e.linePos?.[0]?.line ?? 1) + 1, lastYamlLine), message: firstSentence(e.message) }));
  const keyLines: Record<string, number> = {};
  let data: Record<string, unknown> = {};
  if (errors.length === 0) {
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) {
      data = {};
    } else if (!isMap(contents)) {
      errors.push({ line: 2, message: "front matter must be a mapping of keys to values" });
    } else {
      for (const item of contents.items) {
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const offset = isScalar(item.key) ? (item.key.range?.[0] ?? 0) : 0;
        keyLines[key] = lineCounter.linePos(offset).line + 1;
      }
      data = (doc.toJS() ?? {}) as Record<string, unknown>;
    }
  }
  return { present: true, data, yaml, body, bodyLine, keyLines, errors };
}

/** Front matter + body as SKILL.md text; the body is appended unchanged. */
export function serializeFrontMatter(data: Record<string, unknown>, body: string): string {
  const yaml = Object.keys(data).length === 0 ? "" : stringify(data, { lineWidth: 0 });
  return `---\n${yaml}---\n${body}`;
}

/**
 * Sets (or, with undefined, removes) top-level keys while keeping the other keys, their comments and
 * the body as they were — used when a curator renames a skill or edits its description.
 */
export function updateFrontMatter(text: string, changes: Record<string, unknown>): string {
  const parsed = parseFrontMatter(text);
  if (!parsed.present) return serializeFrontMatter(dropUndefined(changes), text);
  if (parsed.errors.length > 0) throw new Error(`cannot update invalid front matter: line ${parsed.errors[0]!.line}: ${parsed.errors[0]!.message}`);
  const doc = parseDocument(parsed.yaml);
  if (!isMap(doc.contents)) return serializeFrontMatter(dropUndefined(changes), parsed.body);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) doc.delete(key);
    else doc.set(key, value);
  }
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${parsed.body}`;
}

function findClosingDelimiter(text: string, from: number): { start: number; end: number; line: number } | null {
  let start = from;
  let line = 2;
  while (start <= text.length) {
    const nl = text.indexOf("\n", start);
    const lineEnd = nl === -1 ? text.length : nl;
    if (DELIMITER.test(text.slice(start, lineEnd))) return { start, end: nl === -1 ? text.length : nl + 1, line };
    if (nl === -1) return null;
    start = nl + 1;
    line++;
  }
  return null;
}

function firstSentence(message: string): string {
  // yaml appends "at line N, column M:" counted within the YAML; our line field is the file's.
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").trim();
}

function dropUndefined(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}
