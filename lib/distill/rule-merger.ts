import { attributeMergeAnswer, type TMergeNodeResult } from "./merge-node";
import { stripSources, type TSourcedEdit, type TSourcedPatch } from "./sourced-edit";

// The merger used when no LLM is configured. Deterministic: input edits that do the same thing at
// the same place (same file, op and anchor, and contents whose word sets overlap by at least
// SIMILAR) become one edit — the best-supported wording, ties to the longer (more specific) one —
// carrying the union of their sources. It never discards an edit for low support: the run's
// min-support setting decides that later, visibly. Edits that collide without being similar (two
// different replacements of one passage) are both kept; the apply stage flags them as conflicts.
// New sections with the same header are one section: their bodies are united line by line (a
// skill must not end up with two "## Common Pitfalls"), keeping every distinct line once.

export const SIMILAR = 0.6;

const norm = (s: string | undefined) => (s ?? "").replace(/\s+/g, " ").trim().toLowerCase();

function placeOf(e: TSourcedEdit): string {
  const anchor = e.op === "add_section" ? norm(e.content.split("\n")[0]) : norm(e.target_text ?? e.old_text ?? e.target_section ?? e.after_section);
  return [e.file, e.op, norm(e.target_section), anchor].join("\u0001");
}

function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? []);
}

export function similarity(a: string, b: string): number {
  const wa = wordsOf(a);
  const wb = wordsOf(b);
  if (wa.size === 0 && wb.size === 0) return norm(a) === norm(b) ? 1 : 0;
  let both = 0;
  for (const w of wa) if (wb.has(w)) both++;
  return both / (wa.size + wb.size - both);
}

// Ties break on the text, never on ids: ids follow the merge tree's shape, which shifts when a
// re-merge has one patch fewer, and an unaffected edit must come out word for word the same.
const better = (a: TSourcedEdit, b: TSourcedEdit) =>
  b.trajectoryIds.length - a.trajectoryIds.length || b.content.length - a.content.length || (a.content < b.content ? -1 : a.content > b.content ? 1 : 0);

/** Merges a batch of patches into one, deterministically. */
export function mergeByRules(key: string, inputs: readonly TSourcedPatch[]): TMergeNodeResult {
  const clusters: { place: string; members: TSourcedEdit[] }[] = [];
  for (const edit of inputs.flatMap((p) => p.edits)) {
    const place = placeOf(edit);
    const home = clusters.find((c) => c.place === place && (edit.op === "add_section" || similarity(c.members[0]!.content, edit.content) >= SIMILAR));
    if (home) home.members.push(edit);
    else clusters.push({ place, members: [edit] });
  }
  const edits = clusters.map((c) => {
    const best = [...c.members].sort(better)[0]!;
    const content = best.op === "add_section" && c.members.length > 1 ? uniteSections([...c.members].sort(better).map((m) => m.content)) : best.content;
    return { ...stripSources(best), content, from: c.members.map((m) => m.id) };
  });
  const merged = edits.length < inputs.reduce((n, p) => n + p.edits.length, 0);
  return attributeMergeAnswer(key, inputs, {
    reasoning: `Rule-based merge of ${inputs.length} patches: ${edits.length} edits${merged ? " after uniting edits that make the same change at the same place" : ""}.`,
    edits,
    changelog_entries: [...new Set(inputs.flatMap((p) => p.changelog_entries))],
  });
}

/** One section from several with the same header: the header once, then every distinct body line. */
export function uniteSections(contents: string[]): string {
  const [first, ...rest] = contents;
  const lines = first!.split("\n");
  const seen = new Set(lines.map((l) => norm(l)).filter(Boolean));
  for (const c of rest) {
    for (const l of c.split("\n").slice(1)) {
      const key = norm(l);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      lines.push(l);
    }
  }
  return lines.join("\n");
}
