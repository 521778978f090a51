import { ZPatchEdit, type TPatchEdit } from "../skills/patch";
import { similarity } from "./rule-merger";
import { unionSorted, type TSourcedEdit, type TSourcedPatch } from "./sourced-edit";

// The official artifacts keep no lineage between levels (only batch_index), so an imported merged
// edit is attributed to the input edits it came from: ids from our own export's sidecar when present;
// otherwise the inputs of the same file whose content is similar (rule-merger.ts similarity ≥ 0.5),
// and when none is, every input of its node — an over-approximation that is marked as such.

export const ATTRIBUTION_SIMILARITY = 0.5;

export type TAttributed = { patch: TSourcedPatch; invalid: { index: number; message: string }[]; approximated: string[]; origins: Record<string, string[]> };

export function parseEdits(raw: Record<string, unknown>[]): { edits: TPatchEdit[]; invalid: { index: number; message: string }[] } {
  const edits: TPatchEdit[] = [];
  const invalid: { index: number; message: string }[] = [];
  raw.forEach((e, index) => {
    const p = ZPatchEdit.safeParse(e);
    if (p.success) edits.push(p.data);
    else invalid.push({ index, message: p.error.issues.map((i) => `${i.path.join(".") || "edit"}: ${i.message}`).join("; ") });
  });
  return { edits, invalid };
}

export function attributeEdits(key: string, raw: { reasoning: string; edits: Record<string, unknown>[]; changelog_entries: unknown[] }, inputs: readonly TSourcedEdit[], sidecar?: Record<string, string[]>): TAttributed {
  const { edits, invalid } = parseEdits(raw.edits);
  const byId = new Map(inputs.map((e) => [e.id, e]));
  const approximated: string[] = [];
  const origins: Record<string, string[]> = {};
  const out = edits.map((edit, k): TSourcedEdit => {
    const id = `${key}.e${k}`;
    let from = (sidecar?.[String(k)] ?? []).map((f) => byId.get(f)).filter((e): e is TSourcedEdit => Boolean(e));
    if (!from.length) from = inputs.filter((i) => i.file === edit.file && similarity(i.content, edit.content) >= ATTRIBUTION_SIMILARITY);
    if (!from.length) {
      from = [...inputs];
      approximated.push(id);
    }
    origins[id] = from.map((f) => f.id);
    return { ...edit, id, trajectoryIds: unionSorted(from.map((f) => f.trajectoryIds)), lessonIds: unionSorted(from.map((f) => f.lessonIds)) };
  });
  return { patch: { key, reasoning: raw.reasoning, edits: out, changelog_entries: raw.changelog_entries.map(String) }, invalid, approximated, origins };
}
