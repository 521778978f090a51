import type { TPatchEdit, TSkillFiles } from "./patch";
import { findSection, parseHeaderLine } from "./sections";
import { lineOfOffset } from "./text-match";

// Where an edit lands, computed once and used twice: APPLY performs the splice, conflict detection
// compares the splices of all edits against the base text. Both therefore agree on what an edit
// touches. Each op follows the official programmatic semantics (trace2skill-method.md §1.8 item 3,
// `_apply_patch_edit_to_content`); the text is split on "\n" exactly like the official code.
// Deliberate differences, each because the official result is a bug a reviewer would have to fix:
// headers inside fenced code are not headers (sections.ts); a file's final newline survives an
// add_section at the end or a delete_section of the last section; add_section takes its header from
// the content's first line when target_section is absent (the placeholder is used and reported
// only when there is none); CRLF files are handled as LF and keep their line endings (apply.ts).

/** Replace `deleteCount` lines starting at 0-based line `at` with `lines`. */
export type TLineSplice = { at: number; deleteCount: number; lines: string[] };

/** 0-based, half-open line range. */
export type TLineRange = { from: number; to: number };

export type TEditLocation = {
  file: string;
  /** create / delete_file: the edit replaces the file as a whole. */
  wholeFile: boolean;
  /** Minimal splice (common leading/trailing lines trimmed) against the text it was located in. */
  splice: TLineSplice;
  /** Lines the edit reads to find its place (anchor text, section header); null when none. */
  anchor: TLineRange | null;
  /** Identifies an insertion point by op and anchor: two insertions with the same key race for one spot. */
  insertKey: string | null;
  /** Non-fatal facts a reviewer should see. */
  notes: TApplyNote[];
};

/** placeholder_header: add_section fell back to "## New Section"; after_section_not_found: it went to the end of the file. */
export type TApplyNote = { code: "placeholder_header" | "after_section_not_found"; message: string };

export type TLocateResult = { ok: true; location: TEditLocation } | { ok: false; reason: string };

export const PLACEHOLDER_HEADER = "## New Section";

export function locateEdit(files: TSkillFiles, edit: TPatchEdit): TLocateResult {
  const current = files[edit.file];
  if (edit.op === "create") {
    const old = current === undefined ? [] : current.split("\n");
    return located(edit.file, { at: 0, deleteCount: old.length, lines: edit.content.split("\n") }, old, null, null, [], true);
  }
  if (current === undefined) return fail(`file "${edit.file}" does not exist (only create can add a file)`);
  const lines = current.split("\n");
  if (edit.op === "delete_file") return located(edit.file, { at: 0, deleteCount: lines.length, lines: [] }, lines, null, null, [], true);
  switch (edit.op) {
    case "append_to_section":
      return locateAppend(edit, current, lines);
    case "replace_in_section":
      return locateReplace(edit, current, lines);
    case "insert_after":
    case "insert_before":
      return locateInsert(edit, current, lines);
    case "add_section":
      return locateAddSection(edit, current, lines);
    case "delete_section":
      return locateDeleteSection(edit, current, lines);
  }
}

/**
 * The official code splits on "\n"; a CRLF file would get LF lines mixed in and anchors copied with
 * "\n" would never match. Locating therefore works on LF text and LF anchors; APPLY restores CRLF.
 */
export function toLf(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

export function toLfEdit(edit: TPatchEdit): TPatchEdit {
  const lf = (v: string | undefined) => (v === undefined ? v : toLf(v));
  return { ...edit, target_section: lf(edit.target_section), target_text: lf(edit.target_text), old_text: lf(edit.old_text), after_section: lf(edit.after_section), content: toLf(edit.content) };
}

/** Performs a splice on text split by "\n". */
export function spliceText(text: string | undefined, splice: TLineSplice): string {
  const lines = text === undefined ? [] : text.split("\n");
  lines.splice(splice.at, splice.deleteCount, ...splice.lines);
  return lines.join("\n");
}

function locateAppend(edit: TPatchEdit, text: string, lines: string[]): TLocateResult {
  if (!edit.target_section) return fail("append_to_section needs target_section");
  const section = findSection(text, edit.target_section);
  if (!section) return fail(`section "${edit.target_section}" not found in ${edit.file}`);
  // After the last non-blank line of the section, separated by one blank line (official).
  let at = section.end;
  while (at > section.start + 1 && lines[at - 1]!.trim() === "") at--;
  const splice = { at, deleteCount: 0, lines: ["", ...edit.content.split("\n")] };
  const header = { from: section.start, to: section.start + 1 };
  return located(edit.file, splice, lines, header, `append:${section.start}`, []);
}

function locateReplace(edit: TPatchEdit, text: string, lines: string[]): TLocateResult {
  if (!edit.old_text) return fail("replace_in_section needs old_text");
  const scope = findScope(edit, text, lines);
  if (!scope.ok) return scope;
  const idx = scope.text.indexOf(edit.old_text);
  if (idx === -1) return fail(`old_text not found in ${scope.label}`);
  const next = scope.text.slice(0, idx) + edit.content + scope.text.slice(idx + edit.old_text.length);
  return located(edit.file, { at: scope.from, deleteCount: scope.to - scope.from, lines: next.split("\n") }, lines, null, null, []);
}

function locateInsert(edit: TPatchEdit, text: string, lines: string[]): TLocateResult {
  if (!edit.target_text) return fail(`${edit.op} needs target_text`);
  const scope = findScope(edit, text, lines);
  if (!scope.ok) return scope;
  const target = edit.target_text;
  const idx = scope.text.indexOf(target);
  if (idx === -1) return fail(`target_text not found in ${scope.label}`);
  const insertion = edit.op === "insert_after" ? target + "\n" + edit.content : edit.content + "\n" + target;
  const next = scope.text.slice(0, idx) + insertion + scope.text.slice(idx + target.length);
  const anchor = { from: scope.from + lineOfOffset(scope.text, idx), to: scope.from + lineOfOffset(scope.text, idx + target.length) + 1 };
  const point = edit.op === "insert_after" ? idx + target.length : idx;
  const key = `${edit.op}:${scope.from + lineOfOffset(scope.text, point)}:${point - scope.text.lastIndexOf("\n", point - 1) - 1}`;
  return located(edit.file, { at: scope.from, deleteCount: scope.to - scope.from, lines: next.split("\n") }, lines, anchor, key, []);
}

function locateAddSection(edit: TPatchEdit, text: string, lines: string[]): TLocateResult {
  const notes: TApplyNote[] = [];
  let at = lines.length;
  let anchor: TLineRange | null = null;
  if (edit.after_section) {
    const after = findSection(text, edit.after_section);
    if (after) {
      at = after.end;
      anchor = { from: after.start, to: after.start + 1 };
    } else notes.push({ code: "after_section_not_found", message: `after_section "${edit.after_section}" not found; the section goes at the end of the file (official behaviour)` });
  }
  // Keep the file's final newline: insert before the empty string that split() leaves after it.
  if (at === lines.length && lines.length > 1 && lines[at - 1] === "") at--;
  const { block, placeholder } = buildSectionBlock(edit);
  if (placeholder) notes.push({ code: "placeholder_header", message: `content has no header line and no target_section: the default header "${PLACEHOLDER_HEADER}" was used; lint rejects it` });
  return located(edit.file, { at, deleteCount: 0, lines: block }, lines, anchor, `add:${at}`, notes);
}

function locateDeleteSection(edit: TPatchEdit, text: string, lines: string[]): TLocateResult {
  if (!edit.target_section) return fail("delete_section needs target_section");
  const section = findSection(text, edit.target_section);
  if (!section) return fail(`section "${edit.target_section}" not found in ${edit.file}`);
  let start = section.start;
  while (start > 0 && lines[start - 1]!.trim() === "") start--;
  let end = section.end;
  if (end === lines.length && lines[end - 1] === "" && end - 1 > start) end--;
  return located(edit.file, { at: start, deleteCount: end - start, lines: [] }, lines, null, null, []);
}

/**
 * The header is target_section when given (official); otherwise the content's own first line when it
 * is a header (our patch contract: "its first line is the new header"); otherwise the official
 * placeholder, which is reported so lint and review catch it.
 */
function buildSectionBlock(edit: TPatchEdit): { block: string[]; placeholder: boolean } {
  const content = edit.content.split("\n");
  const first = content.findIndex((l) => l.trim() !== "");
  const firstIsHeader = first !== -1 && parseHeaderLine(content[first]!) !== null;
  const header = edit.target_section?.trim();
  if (header) {
    const body = firstIsHeader && content[first]!.trim() === header ? dropLeadingBlanks(content.slice(first + 1)) : content;
    return { block: ["", header, "", ...body], placeholder: false };
  }
  if (firstIsHeader) return { block: ["", ...content.slice(first)], placeholder: false };
  return { block: ["", PLACEHOLDER_HEADER, "", ...content], placeholder: true };
}

type TScope = { ok: true; from: number; to: number; text: string; label: string } | { ok: false; reason: string };

function findScope(edit: TPatchEdit, text: string, lines: string[]): TScope {
  if (!edit.target_section) return { ok: true, from: 0, to: lines.length, text, label: edit.file };
  const section = findSection(text, edit.target_section);
  if (!section) return fail(`section "${edit.target_section}" not found in ${edit.file}`);
  const label = `section "${section.header}" of ${edit.file}`;
  return { ok: true, from: section.start, to: section.end, text: lines.slice(section.start, section.end).join("\n"), label };
}

function located(file: string, splice: TLineSplice, old: string[], anchor: TLineRange | null, insertKey: string | null, notes: TApplyNote[], wholeFile = false): TLocateResult {
  return { ok: true, location: { file, wholeFile, splice: wholeFile ? splice : minimizeSplice(splice, old), anchor, insertKey, notes } };
}

/** Trims lines that the splice would delete and re-insert unchanged, so ranges show what really changes. */
function minimizeSplice(splice: TLineSplice, old: string[]): TLineSplice {
  let { at, deleteCount } = splice;
  let next = splice.lines;
  let head = 0;
  while (head < deleteCount && head < next.length && old[at + head] === next[head]) head++;
  let tail = 0;
  while (tail < deleteCount - head && tail < next.length - head && old[at + deleteCount - 1 - tail] === next[next.length - 1 - tail]) tail++;
  at += head;
  deleteCount -= head + tail;
  next = next.slice(head, next.length - tail);
  return { at, deleteCount, lines: next };
}

function dropLeadingBlanks(lines: string[]): string[] {
  const first = lines.findIndex((l) => l.trim() !== "");
  return first === -1 ? [] : lines.slice(first);
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
