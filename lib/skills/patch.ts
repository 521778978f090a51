import { z } from "zod";

// The patch format of the official Trace2Skill code (../shared/trace2skill-method.md §1.6), kept
// field for field (snake_case) so prompts, saved intermediates and the official pipeline's
// artifacts read the same. MAP produces one patch per trajectory; REDUCE merges patches; APPLY
// runs the edits in code.

export const EDIT_OPS = [
  "insert_after",
  "insert_before",
  "append_to_section",
  "replace_in_section",
  "add_section",
  "delete_section",
  "create",
  "delete_file",
] as const;
export type TEditOp = (typeof EDIT_OPS)[number];

/** Spellings the official parser accepts for the same ops. */
const OP_ALIASES: Record<string, TEditOp> = { create_file: "create", createFile: "create", deleteFile: "delete_file" };

export const ZEditOp = z.preprocess((v) => (typeof v === "string" && v in OP_ALIASES ? OP_ALIASES[v] : v), z.enum(EDIT_OPS));

// null and "" mean "not given" (models write both); preprocess keeps the key optional in the type.
const optionalText = z.preprocess((v) => (v == null || v === "" ? undefined : v), z.string().optional());

export const ZPatchEdit = z.object({
  /** "SKILL.md" or "references/<name>.md", relative to the skill folder. */
  file: z.string().min(1),
  op: ZEditOp,
  /** Header line including its #'s, e.g. "## Formulas". */
  target_section: optionalText,
  /** Anchor for insert_after / insert_before. */
  target_text: optionalText,
  /** Text to replace for replace_in_section. */
  old_text: optionalText,
  /** Placement for add_section (the new section goes after this one; end of file when absent). */
  after_section: optionalText,
  /** New markdown (for add_section its first line is the new header). */
  content: z.preprocess((v) => v ?? "", z.string()),
});
export type TPatchEdit = z.infer<typeof ZPatchEdit>;

export const ZPatch = z.object({
  reasoning: z.string().default(""),
  edits: z.array(ZPatchEdit),
  changelog_entries: z.array(z.string()).default([]),
});
export type TPatch = z.infer<typeof ZPatch>;

/** A skill folder as the pipeline sees it: relative path → text. */
export type TSkillFiles = Record<string, string>;
