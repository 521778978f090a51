import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply";
import { detectConflicts } from "./conflicts";
import { buildEdit } from "./fixtures/edit";
import { buildXlsxSkill } from "./fixtures/xlsx-skill";

const base = buildXlsxSkill;
const ids = (edits: ReturnType<typeof buildEdit>[]) => edits.map((edit, i) => ({ id: `e${i}`, edit }));

describe("detectConflicts", () => {
  it("overlapping replace ranges conflict", () => {
    const edits = ids([
      buildEdit({ op: "replace_in_section", target_section: "## Workflow", old_text: "2. Make the change.", content: "2. Make one change." }),
      buildEdit({ op: "replace_in_section", target_section: "## Workflow", old_text: "2. Make the change.\n3. Recalculate with recalc.py.", content: "2. Change, then recalc." }),
    ]);
    const groups = detectConflicts(base(), edits);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ id: 0, file: "SKILL.md", editIds: ["e0", "e1"] });
    expect(groups[0]!.pairs[0]!.reason).toMatch(/^both rewrite line 16 of SKILL.md$/);
  });

  it("inserts at the same anchor conflict: same target_text, same section end, same add point", () => {
    const edits = ids([
      buildEdit({ op: "insert_after", target_text: "1. Load the workbook with openpyxl.", content: "   Use data_only=False." }),
      buildEdit({ op: "insert_after", target_text: "1. Load the workbook with openpyxl.", content: "   Keep formulas." }),
      buildEdit({ op: "append_to_section", target_section: "## Formatting", content: "a" }),
      buildEdit({ op: "append_to_section", target_section: "## Formatting", content: "b" }),
      buildEdit({ op: "add_section", after_section: "## Overview", content: "## A\nx" }),
      buildEdit({ op: "add_section", after_section: "## Overview", content: "## B\ny" }),
    ]);
    const groups = detectConflicts(base(), edits);
    expect(groups.map((g) => g.editIds)).toEqual([["e0", "e1"], ["e2", "e3"], ["e4", "e5"]]);
    expect(groups[0]!.pairs[0]!.reason).toContain("both insert at the same place (insert_after)");
  });

  it("non-overlapping edits in one section are not conflicts", () => {
    const edits = ids([
      buildEdit({ op: "replace_in_section", target_section: "## Workflow", old_text: "1. Load the workbook with openpyxl.", content: "1. Load it." }),
      // A rewrite to identical text touches no line, so it cannot conflict with the insertions around it.
      buildEdit({ op: "replace_in_section", target_section: "## Workflow", old_text: "Make the change.\n", content: "Make the change.\n" }),
      buildEdit({ op: "insert_after", target_section: "## Workflow", target_text: "2. Make the change.", content: "   (one at a time)" }),
      buildEdit({ op: "insert_before", target_section: "## Workflow", target_text: "3. Recalculate", content: "   (then save)" }),
      buildEdit({ op: "append_to_section", target_section: "## Workflow", content: "Done." }),
      buildEdit({ op: "replace_in_section", target_section: "## Workflow", old_text: "read back the cells", content: "re-read the cells" }),
    ]);
    expect(detectConflicts(base(), edits)).toEqual([]);
    const r = applyEdits(base(), edits);
    expect(r.outcomes.map((o) => o.status)).toEqual(["applied", "applied", "applied", "applied", "applied", "applied"]);
    expect(r.files["SKILL.md"]).toContain("1. Load it.\n2. Make the change.\n   (one at a time)\n   (then save)\n3. Recalculate with recalc.py.\n\n### Verifying\n\nOpen the file again and re-read the cells you changed.\n\nDone.\n\n## Formulas");
  });

  it("an insertion whose anchor another edit rewrites, or that lands inside a deleted section, conflicts", () => {
    const edits = ids([
      buildEdit({ op: "insert_after", target_text: "2. Make the change.", content: "x" }),
      buildEdit({ op: "replace_in_section", old_text: "2. Make the change.", content: "2. Change it." }),
      buildEdit({ op: "delete_section", target_section: "## Formulas" }),
      buildEdit({ op: "append_to_section", target_section: "## Formulas", content: "y" }),
    ]);
    const groups = detectConflicts(base(), edits);
    expect(groups.map((g) => g.editIds)).toEqual([["e0", "e1"], ["e2", "e3"]]);
    expect(groups[0]!.pairs[0]!.reason).toContain("is rewritten by the other");
  });

  it("a create or delete_file conflicts with every other edit of that file, not with other files", () => {
    const edits = ids([
      buildEdit({ op: "create", file: "references/formatting.md", content: "# New\n" }),
      buildEdit({ op: "append_to_section", file: "references/formatting.md", target_section: "## Colors", content: "Red for errors." }),
      buildEdit({ op: "append_to_section", target_section: "## Formatting", content: "Also see colors." }),
    ]);
    expect(detectConflicts(base(), edits).map((g) => g.editIds)).toEqual([["e0", "e1"]]);
  });

  it("edits whose anchor is missing in the base never conflict", () => {
    const edits = ids([
      buildEdit({ op: "replace_in_section", old_text: "not in the file", content: "x" }),
      buildEdit({ op: "replace_in_section", old_text: "not in the file", content: "y" }),
    ]);
    expect(detectConflicts(base(), edits)).toEqual([]);
  });
});

describe("applyEdits with conflicts", () => {
  const edits = ids([
    buildEdit({ op: "replace_in_section", old_text: "Always write formulas, never hard-coded results.", content: "Always write formulas." }),
    buildEdit({ op: "replace_in_section", old_text: "never hard-coded results.", content: "never constants." }),
    buildEdit({ op: "append_to_section", target_section: "## Overview", content: "Prefer openpyxl." }),
  ]);

  it("withholds every member of a conflict group, with who it conflicts with, and applies the rest", () => {
    const r = applyEdits(base(), edits);
    expect(r.outcomes.map((o) => [o.id, o.status, o.conflictGroup])).toEqual([["e0", "conflict", 0], ["e1", "conflict", 0], ["e2", "applied", undefined]]);
    expect(r.outcomes[0]!.reason).toBe("conflicts with e1: both rewrite line 25 of SKILL.md");
    expect(r.outcomes[0]!.baseSpan).toEqual({ start: 25, count: 1 });
    expect(r.files["SKILL.md"]).toContain("Always write formulas, never hard-coded results.");
    expect(r.files["SKILL.md"]).toContain("Prefer openpyxl.");
  });

  it("previews base + accepted items: only the chosen ids, no conflict left once one side is chosen", () => {
    const r = applyEdits(base(), edits, { only: ["e2", "e1"] });
    expect(r.conflicts).toEqual([]);
    expect(r.outcomes.map((o) => [o.id, o.status])).toEqual([["e1", "applied"], ["e2", "applied"]]);
    expect(r.files["SKILL.md"]).toContain("Always write formulas, never constants.");
  });

  it("onConflict: apply runs both in their stable order and still reports the group", () => {
    const r = applyEdits(base(), edits, { onConflict: "apply" });
    expect(r.outcomes.map((o) => o.status)).toEqual(["applied", "skipped", "applied"]);
    expect(r.outcomes[1]).toMatchObject({ conflictGroup: 0, reason: "after earlier edits: old_text not found in SKILL.md" });
    expect(r.conflicts).toHaveLength(1);
  });
});

describe("sameAnchorInserts: stack", () => {
  it("applies two appends to one section in order instead of withholding both", async () => {
    const { applyEdits } = await import("./apply");
    const files = { "SKILL.md": "# T\n\n## Pitfalls\n\n- one\n" };
    const edits = [
      { id: "a", edit: { file: "SKILL.md", op: "append_to_section" as const, target_section: "## Pitfalls", content: "- two" } },
      { id: "b", edit: { file: "SKILL.md", op: "append_to_section" as const, target_section: "## Pitfalls", content: "- three" } },
    ];
    expect(applyEdits(files, edits).outcomes.map((o) => o.status)).toEqual(["conflict", "conflict"]);
    const stacked = applyEdits(files, edits, { sameAnchorInserts: "stack" });
    expect(stacked.conflicts).toEqual([]);
    expect(stacked.files["SKILL.md"]).toBe("# T\n\n## Pitfalls\n\n- one\n\n- two\n\n- three\n");
  });
});
