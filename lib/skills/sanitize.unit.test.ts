import { describe, expect, it } from "vitest";
import { buildEdit } from "./fixtures/edit";
import { buildXlsxSkill } from "./fixtures/xlsx-skill";
import { checkPath, sanitizeEdits } from "./sanitize";

const codes = (r: ReturnType<typeof sanitizeEdits>) => r.dropped.map((d) => [d.index, d.code]);

describe("sanitizeEdits: per edit", () => {
  it("drops unsupported ops and malformed edits, each with a message", () => {
    const r = sanitizeEdits(buildXlsxSkill(), [{ file: "SKILL.md", op: "rewrite_file", content: "x" }, { op: "create", content: "x" }, { file: "SKILL.md", op: "createFile", content: "---\nname: xlsx\ndescription: Create, edit and analyze spreadsheets (.xlsx) with formulas and formatting. Use for any Excel task.\n---\n# X\n" }]);
    expect(codes(r)).toEqual([[0, "unsupported_op"], [1, "invalid_edit"]]);
    expect(r.dropped[0]!.message).toContain('op "rewrite_file" is not one of insert_after');
    expect(r.dropped[0]!.edit).toEqual({ file: "SKILL.md", op: "rewrite_file", content: "x" });
    expect(r.kept.map((k) => [k.index, k.edit.op])).toEqual([[2, "create"]]);
  });

  it("drops paths outside the skill, scripts and protected files", () => {
    const paths = ["/etc/passwd", "../other/SKILL.md", "references\\..\\x.md", "C:/x.md", "references/a/b.md", "notes/x.md", "scripts/helper.py", "recalc.py", "scripts/recalc.py", "LICENSE.txt", "references/../SKILL.md"];
    const r = sanitizeEdits(buildXlsxSkill(), paths.map((file) => ({ file, op: "create", content: "x" })));
    expect(r.kept).toEqual([]);
    expect(codes(r).map(([, c]) => c)).toEqual(["path_outside_skill", "path_outside_skill", "path_outside_skill", "path_outside_skill", "path_outside_skill", "path_outside_skill", "script_not_editable", "protected_file", "protected_file", "protected_file", "path_outside_skill"]);
  });

  it("protected files are configurable; ./ prefixes are normalized", () => {
    expect(checkPath("references/formatting.md", ["references/formatting.md"])).toMatchObject({ code: "protected_file" });
    const r = sanitizeEdits(buildXlsxSkill(), [{ file: "./SKILL.md", op: "append_to_section", target_section: "## Overview", content: "x" }]);
    expect(r.kept[0]!.edit.file).toBe("SKILL.md");
  });

  it("drops edits that change the front-matter name or description, keeps other front-matter edits", () => {
    const r = sanitizeEdits(buildXlsxSkill(), [
      buildEdit({ op: "replace_in_section", old_text: "name: xlsx", content: "name: xlsx-pro" }),
      buildEdit({ op: "replace_in_section", old_text: "Use for any Excel task.", content: "Use for Excel and CSV." }),
      buildEdit({ op: "replace_in_section", old_text: "license: Proprietary. LICENSE.txt has complete terms", content: "license: Apache-2.0" }),
      buildEdit({ op: "create", content: "---\nname: sheets\ndescription: x\n---\n" }),
      buildEdit({ op: "delete_file" }),
    ]);
    expect(codes(r)).toEqual([[0, "front_matter_identity"], [1, "front_matter_identity"], [3, "front_matter_identity"], [4, "deletes_skill_md"]]);
    expect(r.dropped[0]!.message).toBe("changes the front-matter name of SKILL.md");
    expect(r.dropped[2]!.message).toBe("changes the front-matter name and description of SKILL.md");
    expect(r.kept.map((k) => k.index)).toEqual([2]);
  });
});

describe("sanitizeEdits: create/link pairing", () => {
  const link = (path: string) => buildEdit({ op: "append_to_section", target_section: "## Formatting", content: `For charts read [charts](${path}).` });
  const create = (path: string) => buildEdit({ op: "create", file: path, content: "# Charts\n" });

  it("a link to a reference that neither exists nor is created is dropped; with its create both survive", () => {
    expect(codes(sanitizeEdits(buildXlsxSkill(), [link("references/charts.md")]))).toEqual([[0, "link_to_missing_reference"]]);
    const paired = sanitizeEdits(buildXlsxSkill(), [link("references/charts.md"), create("references/charts.md")]);
    expect(paired.dropped).toEqual([]);
    expect(paired.kept).toHaveLength(2);
    expect(sanitizeEdits(buildXlsxSkill(), [link("references/formatting.md")]).dropped).toEqual([]);
  });

  it("a create no surviving edit links is dropped, and the drops cascade", () => {
    const alone = sanitizeEdits(buildXlsxSkill(), [create("references/pivots.md")]);
    expect(alone.dropped[0]).toMatchObject({ code: "unlinked_create", message: "creates references/pivots.md, but no edit links it from SKILL.md" });
    const both = buildEdit({ op: "append_to_section", target_section: "## Formatting", content: "See references/charts.md and references/missing.md." });
    const r = sanitizeEdits(buildXlsxSkill(), [both, create("references/charts.md")]);
    expect(codes(r)).toEqual([[0, "link_to_missing_reference"], [1, "unlinked_create"]]);
    expect(r.dropped[0]!.message).toBe("links references/missing.md, which neither exists nor is created by this patch");
  });

  it("re-creating a reference SKILL.md already links is kept", () => {
    expect(sanitizeEdits(buildXlsxSkill(), [create("references/formatting.md")]).dropped).toEqual([]);
  });

  it("flags a delete_file whose link stays in SKILL.md, not one that removes it", () => {
    const del = buildEdit({ op: "delete_file", file: "references/formatting.md" });
    const flagged = sanitizeEdits(buildXlsxSkill(), [del]);
    expect(flagged.kept).toHaveLength(1);
    expect(flagged.flags).toEqual([{ index: 0, code: "delete_keeps_link", message: "deletes references/formatting.md, but SKILL.md still links it" }]);
    const unlink = buildEdit({ op: "replace_in_section", old_text: "See [formatting](references/formatting.md) before styling cells.", content: "Style cells sparingly." });
    expect(sanitizeEdits(buildXlsxSkill(), [del, unlink]).flags).toEqual([]);
  });
});
