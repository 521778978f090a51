import { db } from "../db/client";
import { loadBaseSkill } from "../distill/run-context";
import { parseFrontMatter } from "../skills/front-matter";
import { applyEdits } from "../skills/apply";
import { diffSkill } from "../skills/diff";
import { lintSkill } from "../skills/lint";
import { ZPatchEdit, type TPatchEdit, type TSkillFiles } from "../skills/patch";
import { runInWorkspace } from "./items";
import { applyAlone } from "./edit-content";

// The skill as it would be published: the base version with every accepted item (and every edited
// one, with the curator's content) applied in proposal order, diffed against the base, linted.
// Conflicts between chosen items are still detected and reported, never resolved silently.

export type TDecidedItem = { id: string; status: string; edit: unknown; editedAfter: string | null; position: number };

export function chosenEdits(items: readonly TDecidedItem[]): { id: string; edit: TPatchEdit }[] {
  return items
    .filter((i) => i.status === "accepted" || i.status === "edited")
    .sort((a, b) => a.position - b.position)
    .map((i) => {
      const edit = ZPatchEdit.parse(i.edit);
      return { id: i.id, edit: i.status === "edited" && i.editedAfter !== null ? { ...edit, content: i.editedAfter } : edit };
    });
}

export function previewFiles(base: TSkillFiles, items: readonly TDecidedItem[], skillName?: string) {
  const applied = applyEdits(base, chosenEdits(items), { sameAnchorInserts: "stack" });
  return {
    files: applied.files,
    outcomes: applied.outcomes.map((o) => ({ id: o.id, file: o.edit.file, status: o.status, reason: o.reason ?? null, resultSpan: o.resultSpan })),
    conflicts: applied.conflicts,
    diff: diffSkill(base, applied.files),
    lint: lintSkill(applied.files, skillName ? { skillName } : {}),
  };
}

export async function previewProposal(workspaceId: string, runId: string) {
  const run = await runInWorkspace(workspaceId, runId);
  const { files: base } = await loadBaseSkill(run);
  const items = await db().proposalItem.findMany({ where: { runId }, select: { id: true, status: true, edit: true, editedAfter: true, position: true } });
  const skillName = String(parseFrontMatter(base["SKILL.md"] ?? "").data.name ?? "") || undefined;
  return { base, ...previewFiles(base, items, skillName) };
}

/** One item's file before and after it alone is applied (the item diff in the review screen). */
export async function itemFiles(workspaceId: string, runId: string, item: { edit: TPatchEdit; editedAfter: string | null; status: string }) {
  const run = await runInWorkspace(workspaceId, runId);
  const { files } = await loadBaseSkill(run);
  const edit = item.status === "edited" && item.editedAfter !== null ? { ...item.edit, content: item.editedAfter } : item.edit;
  const alone = applyAlone(files, edit);
  const original = item.status === "edited" ? applyAlone(files, item.edit) : alone;
  return { file: edit.file, base: files[edit.file] ?? "", proposed: edit.op === "delete_file" ? "" : alone.applied ? alone.text : (files[edit.file] ?? ""), original: original.text, applies: alone.applied };
}
