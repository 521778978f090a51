import type { TPatchEdit, TSkillFiles } from "./patch";
import { findSection, parseSections, splitLines, type TSection } from "./sections";
import { findNormalized, normalizeWhitespace } from "./text-match";
import { toLf } from "./locate-edit";

// RESOLVE: the official pipeline spends one LLM call per edit (TRANSLATE) to rewrite anchors into
// text that exists in the file. Most anchors are already exact or differ only in whitespace or a
// header's #-count, so we fix those in code first and leave only the rest to the LLM
// (`unresolved` carries the file text and the edit it needs). Op and content are never changed.

export type TAnchorStatus = "exact" | "normalized" | "unresolved";
export type TAnchorField = "target_section" | "target_text" | "old_text" | "after_section";

export type TResolvedEdit = {
  /** The edit with its anchors rewritten to text present in the file (unchanged fields as given). */
  edit: TPatchEdit;
  /** Worst status over its anchors: exact < normalized < unresolved. */
  status: TAnchorStatus;
  fields: Partial<Record<TAnchorField, TAnchorStatus>>;
  /** Why it is unresolved. */
  reason?: string;
};

/** What the LLM translation fallback gets for an unresolved edit. */
export type TTranslationRequest = { index: number; file: string; content: string; edit: TPatchEdit; reason: string };

export function resolveAnchors(files: TSkillFiles, edits: readonly TPatchEdit[]): TResolvedEdit[] {
  return edits.map((edit) => resolveEditAnchors(files[edit.file], edit));
}

/** Inputs for the translation step: only edits code could not resolve, with the current file text. */
export function listTranslationRequests(files: TSkillFiles, resolved: readonly TResolvedEdit[]): TTranslationRequest[] {
  return resolved.flatMap((r, index) => {
    const content = files[r.edit.file];
    if (r.status !== "unresolved" || content === undefined) return [];
    return [{ index, file: r.edit.file, content, edit: r.edit, reason: r.reason ?? "" }];
  });
}

export function resolveEditAnchors(rawText: string | undefined, edit: TPatchEdit): TResolvedEdit {
  // Anchors are resolved against LF text, as APPLY locates them (locate-edit.ts toLf).
  const text = rawText === undefined ? undefined : toLf(rawText);
  if (edit.op === "create") return { edit, status: "exact", fields: {} };
  if (text === undefined) return { edit, status: "unresolved", fields: {}, reason: `file "${edit.file}" does not exist` };
  if (edit.op === "delete_file") return { edit, status: "exact", fields: {} };

  const fields: TResolvedEdit["fields"] = {};
  const next: TPatchEdit = { ...edit };
  const reasons: string[] = [];
  for (const field of REQUIRED[edit.op]) {
    if (!edit[field]) {
      fields[field] = "unresolved";
      reasons.push(`${edit.op} needs ${field}`);
    }
  }
  let scope: TSection | undefined;

  if (edit.target_section && edit.op !== "add_section") {
    const r = resolveHeader(text, edit.target_section);
    fields.target_section = r.status;
    if (r.section) {
      next.target_section = r.section.header;
      scope = r.section;
    } else reasons.push(r.reason!);
  }
  if (edit.after_section) {
    const r = resolveHeader(text, edit.after_section);
    fields.after_section = r.status;
    if (r.section) next.after_section = r.section.header;
    else reasons.push(r.reason!);
  }
  const textField = edit.op === "replace_in_section" ? "old_text" : edit.op === "insert_after" || edit.op === "insert_before" ? "target_text" : null;
  const needle = textField ? edit[textField] : undefined;
  if (textField && needle && fields.target_section !== "unresolved") {
    const haystack = scope ? splitLines(text).slice(scope.start, scope.end).join("\n") : text;
    const where = scope ? `section "${scope.header}"` : edit.file;
    const r = resolveText(haystack, needle);
    fields[textField] = r.status;
    if (r.text !== undefined) next[textField] = r.text;
    else reasons.push(`${textField} not found in ${where}${scope && resolveText(text, needle).text !== undefined ? " (it occurs elsewhere in the file)" : ""}`);
  }
  const status = worst(Object.values(fields));
  return reasons.length ? { edit: next, status, fields, reason: reasons.join("; ") } : { edit: next, status, fields };
}

const REQUIRED: Record<TPatchEdit["op"], TAnchorField[]> = {
  append_to_section: ["target_section"],
  delete_section: ["target_section"],
  replace_in_section: ["old_text"],
  insert_after: ["target_text"],
  insert_before: ["target_text"],
  add_section: [],
  create: [],
  delete_file: [],
};

type THeaderResolution = { status: TAnchorStatus; section?: TSection; reason?: string };

/**
 * Exact stripped header first (official). Then the same title ignoring #-count, case and spacing —
 * only when that names one header, or one of the same level, because picking among several
 * "## Examples" would silently edit the wrong place.
 */
export function resolveHeader(text: string, header: string): THeaderResolution {
  const exact = findSection(text, header);
  if (exact) return { status: "exact", section: exact };
  const wanted = headerKey(header);
  const candidates = parseSections(text).filter((s) => headerKey(s.header) === wanted);
  if (candidates.length === 1) return { status: "normalized", section: candidates[0] };
  const level = /^#+/.exec(header.trim())?.[0].length;
  const sameLevel = candidates.filter((s) => s.level === level);
  if (sameLevel.length === 1) return { status: "normalized", section: sameLevel[0] };
  if (candidates.length > 1) return { status: "unresolved", reason: `header "${header}" is ambiguous: ${candidates.map((c) => `"${c.header}" (line ${c.start + 1})`).join(", ")}` };
  return { status: "unresolved", reason: `header "${header}" not found` };
}

function resolveText(haystack: string, needle: string): { status: TAnchorStatus; text?: string } {
  if (haystack.includes(needle)) return { status: "exact", text: needle };
  const m = findNormalized(haystack, needle);
  return m ? { status: "normalized", text: m.text } : { status: "unresolved" };
}

function headerKey(header: string): string {
  return normalizeWhitespace(header.trim().replace(/^#+/, "").replace(/#+\s*$/, "")).toLowerCase();
}

function worst(statuses: TAnchorStatus[]): TAnchorStatus {
  if (statuses.includes("unresolved")) return "unresolved";
  return statuses.includes("normalized") ? "normalized" : "exact";
}
