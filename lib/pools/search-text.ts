// Full-text search that behaves the way people type: "sales" finds "sales.csv", "perm" finds
// "permission". Text is indexed with punctuation turned into spaces (so file names, paths and
// snake_case split into words), and every query word matches as a prefix.

export function normalizeForSearch(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * What a trajectory stores in searchText: its normalized words, each once, in first-seen order.
 * The index (to_tsvector('simple', searchText), GIN) only ever needs the set of words, and a trace
 * repeats its vocabulary a lot: the distinct words are ~5× shorter than the text, which makes the
 * index update at import several times cheaper and matches exactly the same prefix queries.
 */
export function searchWordsOf(text: string): string {
  // The same words normalizeForSearch would produce, in one regex pass (it runs on every imported step).
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu))].join(" ");
}

/** A to_tsquery expression: each word as a prefix, all required. Only letters and digits reach it. */
export function prefixTsQuery(query: string): string | undefined {
  const words = normalizeForSearch(query).split(" ").filter(Boolean).slice(0, 12);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : undefined;
}
