import { ZPatchEdit, EDIT_OPS, type TPatchEdit, type TSkillFiles } from "./patch";
import { applyEdit, applyEdits } from "./apply";
import { parseFrontMatter } from "./front-matter";
import { isReferencePath, listReferencePaths } from "./links";

// SANITIZE (trace2skill-method.md §1.6 pairing + §1.8 item 2) plus the guardrails the official code
// applies elsewhere (`_sanitize_patch_edits`, PROTECTED_FILES, "don't touch name/description").
// Every drop comes back with a code and a sentence; the run records them on the proposal, because a
// silently vanished edit is a lesson the curator never sees.

export const DEFAULT_PROTECTED_FILES: readonly string[] = ["recalc.py", "LICENSE.txt"];

export type TSanitizeCode =
  | "invalid_edit"
  | "unsupported_op"
  | "path_outside_skill"
  | "script_not_editable"
  | "protected_file"
  | "front_matter_identity"
  | "deletes_skill_md"
  | "link_to_missing_reference"
  | "unlinked_create";

export type TSanitizeDrop = { index: number; edit: unknown; code: TSanitizeCode; message: string };
/** Kept, but a reviewer must look: delete_file whose link stays in SKILL.md. */
export type TSanitizeFlag = { index: number; code: "delete_keeps_link"; message: string };
export type TSanitizeResult = {
  /** Surviving edits with their index in the input, paths normalized. */
  kept: { index: number; edit: TPatchEdit }[];
  dropped: TSanitizeDrop[];
  flags: TSanitizeFlag[];
};
export type TSanitizeOptions = { protectedFiles?: readonly string[] };

export function sanitizeEdits(files: TSkillFiles, rawEdits: readonly unknown[], options: TSanitizeOptions = {}): TSanitizeResult {
  const protectedFiles = options.protectedFiles ?? DEFAULT_PROTECTED_FILES;
  const dropped: TSanitizeDrop[] = [];
  let kept: { index: number; edit: TPatchEdit }[] = [];
  rawEdits.forEach((raw, index) => {
    const checked = checkEdit(files, raw, protectedFiles);
    if ("code" in checked) dropped.push({ index, edit: raw, ...checked });
    else kept.push({ index, edit: checked.edit });
  });

  // Dropping a create can break a link and dropping a linking edit can orphan a create: repeat to a fixpoint.
  for (let changed = true; changed; ) {
    changed = false;
    const pairing = checkPairing(files, kept);
    if (pairing.length) {
      changed = true;
      const gone = new Set(pairing.map((d) => d.index));
      dropped.push(...pairing.map((d) => ({ ...d, edit: rawEdits[d.index] })));
      kept = kept.filter((k) => !gone.has(k.index));
    }
  }
  dropped.sort((a, b) => a.index - b.index);
  return { kept, dropped, flags: flagDeletesKeepingLinks(files, kept) };
}

type TCheck = { edit: TPatchEdit } | { code: TSanitizeCode; message: string };

function checkEdit(files: TSkillFiles, raw: unknown, protectedFiles: readonly string[]): TCheck {
  const parsed = ZPatchEdit.safeParse(raw);
  if (!parsed.success) {
    const op = (raw as { op?: unknown } | null)?.op;
    if (typeof op === "string" && !(EDIT_OPS as readonly string[]).includes(op)) {
      return { code: "unsupported_op", message: `op "${op}" is not one of ${EDIT_OPS.join(", ")}` };
    }
    return { code: "invalid_edit", message: `not a valid edit: ${parsed.error.issues.map((i) => `${i.path.join(".") || "edit"}: ${i.message}`).join("; ")}` };
  }
  const edit = { ...parsed.data, file: parsed.data.file.replace(/^(\.\/)+/, "") };
  const pathProblem = checkPath(edit.file, protectedFiles);
  if (pathProblem) return pathProblem;
  if (edit.file === "SKILL.md") {
    if (edit.op === "delete_file") return { code: "deletes_skill_md", message: "SKILL.md cannot be deleted" };
    const identity = checkIdentity(files, edit);
    if (identity) return { code: "front_matter_identity", message: identity };
  }
  return { edit };
}

/** Only SKILL.md and references/<name>.md (one level deep) are editable; scripts never are. */
export function checkPath(path: string, protectedFiles: readonly string[] = DEFAULT_PROTECTED_FILES): { code: TSanitizeCode; message: string } | null {
  const base = path.split("/").pop() ?? path;
  if (protectedFiles.includes(path) || protectedFiles.includes(base)) return { code: "protected_file", message: `${path} is protected and never edited` };
  if (path.includes("\\")) return { code: "path_outside_skill", message: `${path}: backslashes are not allowed in paths` };
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return { code: "path_outside_skill", message: `${path}: absolute paths are not allowed` };
  if (path.split("/").some((s) => s === ".." || s === "." || s === "")) return { code: "path_outside_skill", message: `${path}: leaves the skill folder or is not normalized` };
  if (path.startsWith("scripts/")) return { code: "script_not_editable", message: `${path}: scripts are never created or edited by distillation` };
  if (path !== "SKILL.md" && !isReferencePath(path)) return { code: "path_outside_skill", message: `${path}: only SKILL.md and references/<name>.md can be edited` };
  return null;
}

/** The edit, applied alone to the base, must leave front-matter name and description as they were. */
function checkIdentity(files: TSkillFiles, edit: TPatchEdit): string | null {
  const before = files["SKILL.md"];
  if (before === undefined) return null;
  const was = parseFrontMatter(before).data;
  if (was.name === undefined && was.description === undefined) return null;
  const { files: after, outcome } = applyEdit(files, edit);
  if (outcome.status !== "applied") return null;
  const now = parseFrontMatter(after["SKILL.md"] ?? "").data;
  const changed = (["name", "description"] as const).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
  return changed.length ? `changes the front-matter ${changed.join(" and ")} of SKILL.md` : null;
}

function checkPairing(files: TSkillFiles, kept: { index: number; edit: TPatchEdit }[]): Omit<TSanitizeDrop, "edit">[] {
  const created = new Set(kept.filter((k) => k.edit.op === "create").map((k) => k.edit.file));
  const drops: Omit<TSanitizeDrop, "edit">[] = [];
  for (const { index, edit } of kept) {
    const missing = [...listReferencePaths(edit.content)].filter((p) => p !== edit.file && files[p] === undefined && !created.has(p));
    if (missing.length) drops.push({ index, code: "link_to_missing_reference", message: `links ${missing.join(", ")}, which neither exists nor is created by this patch` });
  }
  const linkedInBase = listReferencePaths(files["SKILL.md"] ?? "");
  for (const { index, edit } of kept) {
    if (edit.op !== "create" || !isReferencePath(edit.file) || linkedInBase.has(edit.file)) continue;
    const linked = kept.some((o) => o.index !== index && o.edit.op !== "delete_file" && listReferencePaths(o.edit.content).has(edit.file));
    if (!linked) drops.push({ index, code: "unlinked_create", message: `creates ${edit.file}, but no edit links it from SKILL.md` });
  }
  return drops;
}

function flagDeletesKeepingLinks(files: TSkillFiles, kept: { index: number; edit: TPatchEdit }[]): TSanitizeFlag[] {
  const deletes = kept.filter((k) => k.edit.op === "delete_file");
  if (!deletes.length) return [];
  const after = applyEdits(files, kept.map((k) => ({ id: String(k.index), edit: k.edit })), { onConflict: "apply" }).files;
  const stillLinked = listReferencePaths(after["SKILL.md"] ?? "");
  return deletes
    .filter((d) => stillLinked.has(d.edit.file))
    .map((d) => ({ index: d.index, code: "delete_keeps_link" as const, message: `deletes ${d.edit.file}, but SKILL.md still links it` }));
}
