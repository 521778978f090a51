import type { TPatchEdit, TSkillFiles } from "./patch";
import { detectConflicts, identifyEdits, type TConflictGroup, type TConflictOptions, type TEditInput } from "./conflicts";
import { locateEdit, spliceText, toLf, toLfEdit, type TApplyNote, type TLineSplice } from "./locate-edit";

// Programmatic APPLY (trace2skill-method.md §1.8 item 3): edits run in order on a copy of the files,
// each located against the text as it is at that moment. Unlike the official code nothing is
// skipped silently — an edit whose anchor is missing comes back `skipped` with the reason — and edits
// that conflict in the base (conflicts.ts) are withheld for review instead of racing.

export type TApplyStatus = "applied" | "skipped" | "conflict";

/** Unified-diff convention: 1-based first line and line count; count 0 = insertion after line `start`. */
export type TLineSpan = { start: number; count: number };

export type TEditOutcome = {
  id: string;
  edit: TPatchEdit;
  status: TApplyStatus;
  /** Why it was skipped or withheld. */
  reason?: string;
  notes: TApplyNote[];
  /** The lines of the base file it touches (provenance, review); null when its anchor is not in the base. */
  baseSpan: TLineSpan | null;
  /** The lines its new text occupies in the returned files; null when nothing of it remains. */
  resultSpan: TLineSpan | null;
  conflictGroup?: number;
};

export type TApplyOptions = TConflictOptions & {
  /** Apply only these ids (e.g. "base + accepted items"); the others are left out of the result. */
  only?: Iterable<string>;
  /** withhold (default): conflicting edits are not applied; apply: applied in order, still reported. */
  onConflict?: "withhold" | "apply";
};

export type TApplyResult = { files: TSkillFiles; outcomes: TEditOutcome[]; conflicts: TConflictGroup[] };

export function applyEdits(rawBase: TSkillFiles, edits: readonly TEditInput[], options: TApplyOptions = {}): TApplyResult {
  // Located on LF text (see toLf); CRLF files get their line endings back at the end.
  const crlf = new Set(Object.keys(rawBase).filter((p) => rawBase[p]!.includes("\r\n")));
  const base: TSkillFiles = Object.fromEntries(Object.entries(rawBase).map(([p, t]) => [p, toLf(t)]));
  const only = options.only ? new Set(options.only) : null;
  const chosen = identifyEdits(edits)
    .filter((e) => !only || only.has(e.id))
    .map((e) => ({ id: e.id, edit: toLfEdit(e.edit), given: e.edit }));
  const conflicts = detectConflicts(base, chosen, options);
  const groupOf = new Map(conflicts.flatMap((g) => g.editIds.map((id) => [id, g.id] as const)));
  const files: TSkillFiles = { ...base };
  const spans = new SpanTracker();
  const outcomes: TEditOutcome[] = [];
  const touched = new Set<string>();

  for (const { id, edit, given } of chosen) {
    const inBase = locateEdit(base, edit);
    const baseSpan = inBase.ok ? toSpan(inBase.location.splice) : null;
    const conflictGroup = groupOf.get(id);
    const common = { id, edit: given, baseSpan, resultSpan: null, ...(conflictGroup === undefined ? {} : { conflictGroup }) };
    if (conflictGroup !== undefined && options.onConflict !== "apply") {
      const pairs = conflicts[conflictGroup]!.pairs.filter((p) => p.a === id || p.b === id);
      const reason = pairs.map((p) => `conflicts with ${p.a === id ? p.b : p.a}: ${p.reason}`).join("; ");
      outcomes.push({ ...common, status: "conflict", reason, notes: [] });
      continue;
    }
    const here = locateEdit(files, edit);
    if (!here.ok) {
      const reason = inBase.ok ? `after earlier edits: ${here.reason}` : here.reason;
      outcomes.push({ ...common, status: "skipped", reason, notes: [] });
      continue;
    }
    const { location } = here;
    touched.add(edit.file);
    if (edit.op === "delete_file") {
      delete files[edit.file];
      spans.forgetFile(edit.file);
    } else if (edit.op === "create") {
      files[edit.file] = given.content;
      spans.forgetFile(edit.file);
      spans.record(id, edit.file, location.splice);
    } else {
      files[edit.file] = spliceText(files[edit.file], location.splice);
      spans.shift(edit.file, location.splice);
      spans.record(id, edit.file, location.splice);
    }
    outcomes.push({ ...common, status: "applied", notes: location.notes });
  }
  for (const o of outcomes) o.resultSpan = spans.spanOf(o.id);
  for (const p of Object.keys(files)) {
    if (!touched.has(p)) files[p] = rawBase[p]!;
    else if (crlf.has(p)) files[p] = files[p]!.replace(/\r?\n/g, "\r\n");
  }
  return { files, outcomes, conflicts };
}

/** One edit on its own: the building block for previews and sanitize checks. */
export function applyEdit(files: TSkillFiles, edit: TPatchEdit): { files: TSkillFiles; outcome: TEditOutcome } {
  const result = applyEdits(files, [{ id: "0", edit }]);
  return { files: result.files, outcome: result.outcomes[0]! };
}

function toSpan(splice: TLineSplice): TLineSpan {
  return splice.deleteCount === 0 ? { start: splice.at, count: 0 } : { start: splice.at + 1, count: splice.deleteCount };
}

/**
 * Where each applied edit's new lines are in the current text. Later splices shift them; a later edit
 * that rewrites part of an earlier one's lines widens the earlier span to cover the rewrite, so
 * provenance errs on claiming a line for both rather than for neither.
 */
class SpanTracker {
  private spans = new Map<string, { file: string; from: number; to: number }>();

  record(id: string, file: string, splice: TLineSplice): void {
    if (splice.lines.length > 0) this.spans.set(id, { file, from: splice.at, to: splice.at + splice.lines.length });
  }

  shift(file: string, splice: TLineSplice): void {
    const delta = splice.lines.length - splice.deleteCount;
    const end = splice.at + splice.deleteCount;
    for (const s of this.spans.values()) {
      if (s.file !== file || s.to <= splice.at) continue;
      if (s.from >= end) {
        s.from += delta;
        s.to += delta;
        continue;
      }
      s.from = Math.min(s.from, splice.at);
      s.to = Math.max(splice.at + splice.lines.length, s.to + delta);
    }
  }

  forgetFile(file: string): void {
    for (const [id, s] of this.spans) if (s.file === file) this.spans.delete(id);
  }

  spanOf(id: string): TLineSpan | null {
    const s = this.spans.get(id);
    return s && s.to > s.from ? { start: s.from + 1, count: s.to - s.from } : null;
  }
}
