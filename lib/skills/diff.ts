import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from "diff";
import type { TSkillFiles } from "./patch";

// Unified diffs of a skill, base vs proposed, in git's a/ b/ form so the text can be saved as a
// .patch, shown in review and applied with `git apply`. Stats come from the same structured diff.

export type TFileChange = "added" | "deleted" | "modified" | "unchanged";

export type TFileDiff = {
  path: string;
  change: TFileChange;
  /** Unified diff text; "" when unchanged. */
  patch: string;
  added: number;
  removed: number;
  hunks: StructuredPatch["hunks"];
};

export type TSkillDiff = { files: TFileDiff[]; patch: string; added: number; removed: number; changedFiles: number };

export const DIFF_CONTEXT = 3;

export function diffFile(path: string, before: string | undefined, after: string | undefined, context = DIFF_CONTEXT): TFileDiff {
  const change: TFileChange = before === undefined ? (after === undefined ? "unchanged" : "added") : after === undefined ? "deleted" : before === after ? "unchanged" : "modified";
  if (change === "unchanged") return { path, change, patch: "", added: 0, removed: 0, hunks: [] };
  const oldName = before === undefined ? "/dev/null" : `a/${path}`;
  const newName = after === undefined ? "/dev/null" : `b/${path}`;
  const structured = structuredPatch(oldName, newName, before ?? "", after ?? "", undefined, undefined, { context });
  let added = 0;
  let removed = 0;
  for (const hunk of structured.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith("+")) added++;
      else if (line.startsWith("-")) removed++;
    }
  }
  const patch = structured.hunks.length ? formatPatch(structured, FILE_HEADERS_ONLY) : "";
  return { path, change, patch, added, removed, hunks: structured.hunks };
}

/** Every file of base ∪ proposed, sorted by path with SKILL.md first; the patch joins the changed ones. */
export function diffSkill(base: TSkillFiles, proposed: TSkillFiles, context = DIFF_CONTEXT): TSkillDiff {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(proposed)])].sort(comparePaths);
  const files = paths.map((p) => diffFile(p, base[p], proposed[p], context));
  const changed = files.filter((f) => f.change !== "unchanged");
  return {
    files,
    patch: changed.map((f) => f.patch).join(""),
    added: changed.reduce((n, f) => n + f.added, 0),
    removed: changed.reduce((n, f) => n + f.removed, 0),
    changedFiles: changed.length,
  };
}

function comparePaths(a: string, b: string): number {
  if (a === "SKILL.md") return -1;
  if (b === "SKILL.md") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
