// Whitespace-insensitive search used to resolve anchors an LLM copied loosely (re-wrapped lines,
// collapsed indentation, trailing spaces). The match is mapped back to the exact original text so
// the rewritten edit can be applied with the official exact-substring semantics.

export type TTextMatch = { start: number; end: number; text: string };

/** Runs of whitespace become one space; leading/trailing whitespace goes. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** First occurrence of `needle` in `haystack` when runs of whitespace are compared as one space. */
export function findNormalized(haystack: string, needle: string): TTextMatch | null {
  const wanted = normalizeWhitespace(needle);
  if (wanted === "") return null;
  const { text, origin } = normalizeWithOrigins(haystack);
  const at = text.indexOf(wanted);
  if (at === -1) return null;
  const start = origin[at]!;
  const end = origin[at + wanted.length - 1]! + 1;
  return { start, end, text: haystack.slice(start, end) };
}

/** Normalized text plus, for each of its characters, the index of the original character. */
function normalizeWithOrigins(text: string): { text: string; origin: number[] } {
  let out = "";
  const origin: number[] = [];
  let pendingSpace = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (pendingSpace === -1) pendingSpace = i;
      continue;
    }
    if (pendingSpace !== -1 && out.length > 0) {
      out += " ";
      origin.push(pendingSpace);
    }
    pendingSpace = -1;
    out += ch;
    origin.push(i);
  }
  return { text: out, origin };
}

/** 0-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
