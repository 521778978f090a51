import type { TPatchEdit, TSkillFiles } from "./patch";
import { locateEdit, toLf, toLfEdit, type TEditLocation, type TLineRange } from "./locate-edit";

// Conflict rule. Every edit is located against the BASE text (the frozen skill all MAP calls saw),
// before anything is applied. Two edits of the same file conflict when applying them in the other
// order could give a different result, or one would destroy what the other relies on:
//   1. either replaces or deletes the whole file (create over it, delete_file);
//   2. both rewrite lines (replace, delete_section) and their line ranges overlap;
//   3. one inserts strictly inside lines the other rewrites, or the lines it anchors on (its
//      target_text, or the header of the section it appends to / adds after) are rewritten;
//   4. both insert at the same anchor: the same op on the same target_text occurrence, two appends
//      to one section, two add_sections at one place — their order is arbitrary and they are often
//      near-duplicates, which a reviewer should see side by side.
// Not conflicts: edits on disjoint lines of one section; insertions that merely meet at one point
// from different anchors (insert_after X and insert_before the next line Y: the result is the same in
// either order); an append to a section next to a rewrite of its last line. With
// `sameAnchorInserts: "stack"` rule 4 is off: insertions at one place are applied in list order (a
// merged patch often holds two distinct tips for one section; withholding both helps no one). Edits whose anchors
// are missing in the base are not located and never conflict (APPLY reports them as skipped).

export type TIdentifiedEdit = { id: string; edit: TPatchEdit };
/** Edits without ids get their index in the list as id. */
export type TEditInput = TPatchEdit | TIdentifiedEdit;

export type TConflictGroup = {
  /** Index of the group in the returned list. */
  id: number;
  file: string;
  /** In input order. */
  editIds: string[];
  /** Every conflicting pair of the group, with why. */
  pairs: { a: string; b: string; reason: string }[];
};

export function identifyEdits(edits: readonly TEditInput[]): TIdentifiedEdit[] {
  return edits.map((e, i) => ("edit" in e && "id" in e ? e : { id: String(i), edit: e as TPatchEdit }));
}

export type TConflictOptions = { sameAnchorInserts?: "conflict" | "stack" };

/** Groups of edits that conflict with each other (connected through pairwise conflicts). */
export function detectConflicts(base: TSkillFiles, edits: readonly TEditInput[], options: TConflictOptions = {}): TConflictGroup[] {
  const lfBase: TSkillFiles = Object.fromEntries(Object.entries(base).map(([p, t]) => [p, toLf(t)]));
  const located = identifyEdits(edits).flatMap(({ id, edit }) => {
    const r = locateEdit(lfBase, toLfEdit(edit));
    return r.ok ? [{ id, location: r.location }] : [];
  });
  const parent = new Map<string, string>(located.map((l) => [l.id, l.id]));
  const find = (id: string): string => (parent.get(id) === id ? id : find(parent.get(id)!));
  const pairs: { a: string; b: string; reason: string }[] = [];
  for (let i = 0; i < located.length; i++) {
    for (let j = i + 1; j < located.length; j++) {
      const a = located[i]!;
      const b = located[j]!;
      const why = explainConflict(a.location, b.location, options);
      if (!why) continue;
      parent.set(find(b.id), find(a.id));
      pairs.push({ a: a.id, b: b.id, reason: why });
    }
  }
  const groups = new Map<string, Omit<TConflictGroup, "id">>();
  for (const l of located) {
    const root = find(l.id);
    const g = groups.get(root) ?? { file: l.location.file, editIds: [], pairs: [] };
    g.editIds.push(l.id);
    groups.set(root, g);
  }
  for (const p of pairs) groups.get(find(p.a))!.pairs.push(p);
  return [...groups.values()].filter((g) => g.editIds.length > 1).map((g, id) => ({ id, ...g }));
}

/** Why two located edits conflict, or null when they can be applied in any order. */
export function explainConflict(a: TEditLocation, b: TEditLocation, options: TConflictOptions = {}): string | null {
  if (a.file !== b.file) return null;
  if (a.wholeFile || b.wholeFile) return `one of them replaces or deletes ${a.file} as a whole`;
  if (isNoop(a) || isNoop(b)) return null;
  const ra = rewritten(a);
  const rb = rewritten(b);
  if (ra && rb) return overlaps(ra, rb) ? `both rewrite ${describe(overlapOf(ra, rb))} of ${a.file}` : null;
  if (!ra && !rb) return options.sameAnchorInserts !== "stack" && a.insertKey !== null && a.insertKey === b.insertKey ? `both insert at the same place (${a.insertKey.split(":")[0]}) in ${a.file}` : null;
  const [insert, rewrite] = ra ? [b, ra] : [a, rb!];
  if (rewrite.from < insert.splice.at && insert.splice.at < rewrite.to) return `one inserts inside ${describe(rewrite)} that the other rewrites`;
  if (insert.anchor && overlaps(insert.anchor, rewrite)) return `the anchor of one (${describe(insert.anchor)}) is rewritten by the other`;
  return null;
}

function rewritten(l: TEditLocation): TLineRange | null {
  return l.splice.deleteCount > 0 ? { from: l.splice.at, to: l.splice.at + l.splice.deleteCount } : null;
}

function isNoop(l: TEditLocation): boolean {
  return l.splice.deleteCount === 0 && l.splice.lines.length === 0;
}

function overlaps(a: TLineRange, b: TLineRange): boolean {
  return a.from < b.to && b.from < a.to;
}

function overlapOf(a: TLineRange, b: TLineRange): TLineRange {
  return { from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) };
}

function describe(r: TLineRange): string {
  return r.to - r.from === 1 ? `line ${r.from + 1}` : `lines ${r.from + 1}–${r.to}`;
}
