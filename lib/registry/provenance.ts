// Line provenance of a published version: for each file, the 1-based line spans each proposal item
// wrote in the final text (APPLY tracks them through every later edit). A line no span covers came
// from the base version unchanged.

export type TProvenanceSpan = { start: number; count: number; itemIds: string[] };
export type TProvenance = { files: Record<string, TProvenanceSpan[]> };

export function buildProvenance(outcomes: readonly { id: string; file: string; status: string; resultSpan: { start: number; count: number } | null }[]): TProvenance {
  const files: Record<string, TProvenanceSpan[]> = {};
  for (const o of outcomes) {
    if (o.status !== "applied" || !o.resultSpan || o.resultSpan.count === 0) continue;
    (files[o.file] ??= []).push({ start: o.resultSpan.start, count: o.resultSpan.count, itemIds: [o.id] });
  }
  for (const spans of Object.values(files)) spans.sort((a, b) => a.start - b.start);
  return { files };
}

/** The items that wrote a line, for the drill-down. */
export function itemsAtLine(p: TProvenance, file: string, line: number): string[] {
  return (p.files[file] ?? []).filter((s) => line >= s.start && line < s.start + s.count).flatMap((s) => s.itemIds);
}
