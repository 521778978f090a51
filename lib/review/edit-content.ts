import { AppError } from "../errors";
import { applyEdits } from "../skills/apply";
import type { TPatchEdit, TSkillFiles } from "../skills/patch";

// A curator edits an item in the modified pane of the diff, which shows the whole file with only
// that item applied. What we store is the item's new `content`: the lines between the unchanged
// text before and after the item's own lines. A change outside those lines belongs to another item
// (or to the base), so it is refused with a clear message instead of being folded in silently.

const lines = (t: string) => t.replace(/\r\n/g, "\n").split("\n");

/** The file as it looks with just this edit applied. */
export function applyAlone(base: TSkillFiles, edit: TPatchEdit): { text: string; span: { start: number; count: number } | null; applied: boolean } {
  const r = applyEdits(base, [{ id: "item", edit }]);
  const o = r.outcomes[0]!;
  return { text: r.files[edit.file] ?? "", span: o.resultSpan, applied: o.status === "applied" };
}

export function contentFromEditedFile(base: TSkillFiles, edit: TPatchEdit, editedFile: string): string {
  if (edit.op === "create") return editedFile;
  if (edit.op === "delete_file" || edit.op === "delete_section") throw new AppError("invalid_input:edit", "A deletion has no text to edit; accept or reject it.");
  const alone = applyAlone(base, edit);
  if (!alone.applied || !alone.span) throw new AppError("invalid_input:edit", "This item does not apply to the base file (its anchor is missing), so it cannot be edited here; reject it or fix the base.");
  const solo = lines(alone.text);
  const edited = lines(editedFile);
  const head = solo.slice(0, alone.span.start - 1);
  const tail = solo.slice(alone.span.start - 1 + alone.span.count);
  const keepsHead = head.every((l, i) => edited[i] === l);
  const keepsTail = tail.every((l, i) => edited[edited.length - tail.length + i] === l);
  if (!keepsHead || !keepsTail || edited.length < head.length + tail.length) {
    throw new AppError("invalid_input:edit", "Only the lines this item proposes can be edited here; other lines belong to the base skill or to other items.");
  }
  const written = edited.slice(head.length, edited.length - tail.length);
  // The splice of some ops adds blank separator lines around the content (add_section, appends):
  // find the content inside what was written by matching the same frame on the original.
  const originalWritten = solo.slice(head.length, solo.length - tail.length);
  const original = lines(edit.content);
  const at = findSub(originalWritten, original);
  if (at < 0) return written.join("\n");
  const before = originalWritten.slice(0, at);
  const after = originalWritten.slice(at + original.length);
  const inner = written.slice(before.length, written.length - after.length);
  const framed = before.every((l, i) => written[i] === l) && after.every((l, i) => written[written.length - after.length + i] === l);
  return (framed ? inner : written).join("\n");
}

function findSub(hay: string[], needle: string[]): number {
  if (!needle.length) return -1;
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((l, k) => hay[i + k] === l)) return i;
  return -1;
}
