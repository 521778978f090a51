import { findSection } from "../skills/sections";
import type { TPatch, TPatchEdit, TSkillFiles } from "../skills/patch";
import { readFrontMatter } from "./skill-files";

// The programmatic checks after MAP (the official _sanitize_patch_edits and _enforce_create_pairing,
// ../shared/trace2skill-method.md §1.1 and §1.6), plus front-matter protection, which the official
// code only asks for in the prompt. Nothing is dropped silently: every removed edit comes back
// with its reason, for the Patch row and the review UI.

export const DROP_REASONS = ["path_not_allowed", "front_matter", "create_unlinked", "link_to_missing_reference", "delete_still_linked"] as const;
export type TDropReason = (typeof DROP_REASONS)[number];
export type TDroppedEdit = { index: number; edit: TPatchEdit; reason: TDropReason; message: string };

const REF_LINK = /references\/[A-Za-z0-9._-]+\.md/g;

/** "SKILL.md" or "references/<name>.md" (one level deep); anything else — scripts, "..", absolute paths — is refused. */
export function normalizeSkillPath(file: string): string | undefined {
  const f = file.trim().replace(/^\.\//, "");
  if (f === "SKILL.md") return f;
  if (/^references\/[A-Za-z0-9][A-Za-z0-9._-]*\.md$/.test(f) && !f.includes("..")) return f;
  return undefined;
}

const findLinks = (text: string) => new Set(text.match(REF_LINK) ?? []);

/** Character offset where the edit's anchor would match (section-scoped when the section exists), or -1. */
function locateAnchor(text: string, anchor: string, section?: string): number {
  if (section) {
    const s = findSection(text, section);
    if (s) {
      const lines = text.split("\n");
      const start = lines.slice(0, s.start).join("\n").length;
      const at = lines.slice(s.start, s.end).join("\n").indexOf(anchor);
      return at < 0 ? -1 : start + (s.start > 0 ? 1 : 0) + at;
    }
  }
  return text.indexOf(anchor);
}

/** Why an edit of SKILL.md would change its front matter (name, description or the block itself), if it would. */
function checkFrontMatter(edit: TPatchEdit, skill: string): string | undefined {
  const fm = readFrontMatter(skill);
  if (edit.op === "delete_file") return "deleting SKILL.md removes the front matter";
  if (edit.op === "create") {
    const next = readFrontMatter(edit.content);
    if (!fm) return undefined;
    if (!next) return "the new SKILL.md has no front matter";
    for (const key of ["name", "description"] as const) if (String(next.data[key] ?? "") !== String(fm.data[key] ?? "")) return `the new SKILL.md changes the front-matter ${key}`;
    return undefined;
  }
  if (!fm) return undefined;
  const anchor = edit.op === "replace_in_section" ? edit.old_text : edit.op === "insert_after" || edit.op === "insert_before" ? edit.target_text : undefined;
  if (!anchor) return undefined;
  const at = locateAnchor(skill, anchor, edit.target_section);
  return at >= 0 && at < fm.endOffset ? `its anchor lies in the front matter ("${anchor.slice(0, 40)}")` : undefined;
}

/** Whether the patch removes the SKILL.md link to `ref` (the replaced text or deleted section held it). */
function removesLink(edits: TPatchEdit[], ref: string, skill: string): boolean {
  return edits.some((e) => {
    if (e.file !== "SKILL.md") return false;
    if (e.op === "replace_in_section") return Boolean(e.old_text?.includes(ref)) && !e.content.includes(ref);
    if (e.op === "delete_section" && e.target_section) {
      const s = findSection(skill, e.target_section);
      return Boolean(s && skill.split("\n").slice(s.start, s.end).join("\n").includes(ref));
    }
    return false;
  });
}

/** The patch with disallowed edits removed, and what was removed and why. */
export function enforcePatchRules(patch: TPatch, base: TSkillFiles): { patch: TPatch; dropped: TDroppedEdit[] } {
  const dropped: TDroppedEdit[] = [];
  const skill = base["SKILL.md"] ?? "";
  let kept: { index: number; edit: TPatchEdit }[] = [];
  patch.edits.forEach((edit, index) => {
    const file = normalizeSkillPath(edit.file);
    if (!file) return dropped.push({ index, edit, reason: "path_not_allowed", message: `only SKILL.md and references/*.md may be edited, not "${edit.file}"` });
    const e = { ...edit, file };
    const fm = file === "SKILL.md" ? checkFrontMatter(e, skill) : undefined;
    if (fm) return dropped.push({ index, edit, reason: "front_matter", message: fm });
    kept.push({ index, edit: e });
  });
  const linkedByEdits = (except: number) => new Set(kept.filter((k) => k.index !== except && k.edit.file === "SKILL.md").flatMap((k) => [...findLinks(k.edit.content)]));
  const baseLinks = findLinks(skill);
  // A create is paired when SKILL.md links the new file (another edit of this patch, or the base
  // already does — a dangling link the create now fills).
  kept = kept.filter(({ index, edit }) => {
    if (edit.op !== "create" || edit.file === "SKILL.md") return true;
    if (linkedByEdits(index).has(edit.file) || baseLinks.has(edit.file)) return true;
    dropped.push({ index, edit, reason: "create_unlinked", message: `${edit.file} is created but no SKILL.md edit links to it` });
    return false;
  });
  const created = new Set(kept.filter((k) => k.edit.op === "create").map((k) => k.edit.file));
  const deleted = new Set(kept.filter((k) => k.edit.op === "delete_file").map((k) => k.edit.file));
  kept = kept.filter(({ index, edit }) => {
    if (edit.file !== "SKILL.md") return true;
    // Links SKILL.md already had are not new; only a new link needs its file to exist or be created.
    const missing = [...findLinks(edit.content)].filter((ref) => !baseLinks.has(ref) && !(ref in base && !deleted.has(ref)) && !created.has(ref));
    if (!missing.length) return true;
    dropped.push({ index, edit, reason: "link_to_missing_reference", message: `links to ${missing.join(", ")}, which neither exists nor is created in this patch` });
    return false;
  });
  const remaining = kept.map((k) => k.edit);
  kept = kept.filter(({ index, edit }) => {
    if (edit.op !== "delete_file" || !baseLinks.has(edit.file) || removesLink(remaining, edit.file, skill)) return true;
    dropped.push({ index, edit, reason: "delete_still_linked", message: `${edit.file} is deleted but SKILL.md still links to it` });
    return false;
  });
  return { patch: { ...patch, edits: kept.map((k) => k.edit) }, dropped: dropped.sort((a, b) => a.index - b.index) };
}
