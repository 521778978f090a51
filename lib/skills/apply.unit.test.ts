import { describe, expect, it } from "vitest";
import { applyEdit, applyEdits } from "./apply";
import { buildEdit } from "./fixtures/edit";
import { buildXlsxSkill, lineOf, XLSX_SKILL_MD } from "./fixtures/xlsx-skill";

const skill = () => buildXlsxSkill()["SKILL.md"]!;
const applyOne = (fields: Record<string, unknown>) => applyEdit(buildXlsxSkill(), buildEdit(fields));

describe("append_to_section", () => {
  it("goes after the last non-blank line of the section, which includes its ### subsections", () => {
    const { files, outcome } = applyOne({ op: "append_to_section", target_section: "## Workflow", content: "4. Save under a new name." });
    expect(outcome.status).toBe("applied");
    expect(files["SKILL.md"]).toContain("read back the cells you changed.\n\n4. Save under a new name.\n\n## Formulas");
    const last = lineOf(skill(), "Open the file again and read back the cells you changed.");
    expect(outcome.baseSpan).toEqual({ start: last, count: 0 });
    expect(outcome.resultSpan).toEqual({ start: last + 1, count: 2 });
  });

  it("does not end a section at a '## ' line inside a fenced code block", () => {
    const { files } = applyOne({ op: "append_to_section", target_section: "## Formulas", content: "Never leave #REF! errors." });
    expect(files["SKILL.md"]).toContain("Check error_summary in the JSON it prints.\n\nNever leave #REF! errors.\n\n## Formatting");
  });

  it("skips, with the reason, a section that is not there — including a header-looking line in code", () => {
    expect(applyOne({ op: "append_to_section", target_section: "## Charts", content: "x" }).outcome).toMatchObject({ status: "skipped", reason: 'section "## Charts" not found in SKILL.md', baseSpan: null });
    const inCode = applyOne({ op: "append_to_section", target_section: "## not a header: still inside the code block", content: "x" });
    expect(inCode.outcome.status).toBe("skipped");
    expect(inCode.files["SKILL.md"]).toBe(XLSX_SKILL_MD);
  });
});

describe("replace_in_section", () => {
  it("replaces the first occurrence of old_text inside the section", () => {
    const { files, outcome } = applyOne({ op: "replace_in_section", target_section: "## Workflow", old_text: "2. Make the change.", content: "2. Make the change; keep formulas." });
    expect(files["SKILL.md"]).toContain("1. Load the workbook with openpyxl.\n2. Make the change; keep formulas.\n3. Recalculate");
    expect(outcome.baseSpan).toEqual({ start: lineOf(skill(), "2. Make the change."), count: 1 });
  });

  it("searches the whole file without a section", () => {
    const { files } = applyOne({ op: "replace_in_section", old_text: "pandas for analysis", content: "pandas for read-only analysis" });
    expect(files["SKILL.md"]).toContain("pandas for read-only analysis.");
  });

  it("skips when old_text is only outside the section", () => {
    const { outcome } = applyOne({ op: "replace_in_section", target_section: "## Overview", old_text: "2. Make the change.", content: "x" });
    expect(outcome).toMatchObject({ status: "skipped", reason: 'old_text not found in section "## Overview" of SKILL.md' });
  });

  it("can replace several lines with fewer", () => {
    const { files, outcome } = applyOne({ op: "replace_in_section", target_section: "## Workflow", old_text: "2. Make the change.\n3. Recalculate with recalc.py.", content: "2. Change and recalculate." });
    expect(files["SKILL.md"]).toContain("openpyxl.\n2. Change and recalculate.\n\n### Verifying");
    expect(outcome.baseSpan).toEqual({ start: lineOf(skill(), "2. Make the change."), count: 2 });
  });
});

describe("insert_after / insert_before", () => {
  it("inserts around the first target_text within target_section", () => {
    const after = applyOne({ op: "insert_after", target_section: "## Workflow", target_text: "2. Make the change.", content: "   Keep a backup." });
    expect(after.files["SKILL.md"]).toContain("2. Make the change.\n   Keep a backup.\n3. Recalculate");
    const before = applyOne({ op: "insert_before", target_text: "## Formatting", content: "## Charts\n\nUse openpyxl.chart.\n" });
    expect(before.files["SKILL.md"]).toContain("prints.\n\n## Charts\n\nUse openpyxl.chart.\n\n## Formatting");
    expect(before.outcome.baseSpan).toEqual({ start: lineOf(skill(), "## Formatting") - 1, count: 0 });
  });

  it("skips a target_text that is outside the given section", () => {
    const { outcome } = applyOne({ op: "insert_after", target_section: "## Formatting", target_text: "2. Make the change.", content: "x" });
    expect(outcome).toMatchObject({ status: "skipped", reason: 'target_text not found in section "## Formatting" of SKILL.md' });
  });
});

describe("add_section", () => {
  it("goes after the whole after_section (its subsections included), header from content", () => {
    const { files, outcome } = applyOne({ op: "add_section", after_section: "## Workflow", content: "## Charts\n\nUse openpyxl.chart." });
    expect(files["SKILL.md"]).toContain("cells you changed.\n\n\n## Charts\n\nUse openpyxl.chart.\n## Formulas");
    expect(outcome.notes).toEqual([]);
  });

  it("uses target_section as the header (official) without repeating it from the content", () => {
    const { files } = applyOne({ op: "add_section", target_section: "## Charts", after_section: "## Formatting", content: "## Charts\nUse openpyxl.chart." });
    expect(files["SKILL.md"]!.endsWith("before styling cells.\n\n## Charts\n\nUse openpyxl.chart.\n")).toBe(true);
  });

  it("falls back to the end of the file, keeping the final newline, and says so", () => {
    const { files, outcome } = applyOne({ op: "add_section", after_section: "## Nope", content: "## Charts\nUse openpyxl.chart." });
    expect(outcome.status).toBe("applied");
    expect(outcome.notes).toEqual([{ code: "after_section_not_found", message: expect.stringContaining('after_section "## Nope" not found') }]);
    expect(files["SKILL.md"]!.endsWith("styling cells.\n\n## Charts\nUse openpyxl.chart.\n")).toBe(true);
  });

  it("flags the default '## New Section' header when the content has none", () => {
    const { files, outcome } = applyOne({ op: "add_section", content: "Loose advice." });
    expect(files["SKILL.md"]).toContain("\n\n## New Section\n\nLoose advice.\n");
    expect(outcome.notes.map((n) => n.code)).toEqual(["placeholder_header"]);
  });
});

describe("delete_section", () => {
  it("removes the section and the blank lines before it (official)", () => {
    const { files, outcome } = applyOne({ op: "delete_section", target_section: "## Overview" });
    expect(files["SKILL.md"]).toContain("# XLSX\n## Workflow");
    expect(files["SKILL.md"]).not.toContain("pandas");
    expect(outcome.baseSpan).toEqual({ start: lineOf(skill(), "# XLSX") + 1, count: 5 });
  });

  it("takes the ### subsections with it", () => {
    const { files } = applyOne({ op: "delete_section", target_section: "## Workflow" });
    expect(files["SKILL.md"]).not.toContain("Verifying");
    expect(files["SKILL.md"]).toContain("analysis.\n## Formulas");
  });

  it("deleting the last section keeps the final newline", () => {
    const { files } = applyOne({ op: "delete_section", target_section: "## Formatting" });
    expect(files["SKILL.md"]!.endsWith("it prints.\n")).toBe(true);
  });
});

describe("create / delete_file", () => {
  it("creates a new file and overwrites an existing one", () => {
    const created = applyOne({ op: "create", file: "references/charts.md", content: "# Charts\n" });
    expect(created.files["references/charts.md"]).toBe("# Charts\n");
    expect(created.outcome.baseSpan).toEqual({ start: 0, count: 0 });
    const over = applyOne({ op: "create", file: "references/formatting.md", content: "# New\n" });
    expect(over.files["references/formatting.md"]).toBe("# New\n");
  });

  it("deletes a file; a missing one is skipped", () => {
    expect(applyOne({ op: "delete_file", file: "references/formatting.md" }).files).not.toHaveProperty("references/formatting.md");
    expect(applyOne({ op: "delete_file", file: "references/nope.md" }).outcome).toMatchObject({ status: "skipped", reason: 'file "references/nope.md" does not exist (only create can add a file)' });
  });

  it("edits to a missing file are skipped unless an earlier edit creates it", () => {
    const append = buildEdit({ op: "append_to_section", file: "references/charts.md", target_section: "# Charts", content: "Bar charts." });
    expect(applyEdits(buildXlsxSkill(), [append]).outcomes[0]!.status).toBe("skipped");
    const create = buildEdit({ op: "create", file: "references/charts.md", content: "# Charts\n\nLine charts.\n" });
    const r = applyEdits(buildXlsxSkill(), [create, append], { onConflict: "apply" });
    expect(r.outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
    expect(r.files["references/charts.md"]).toBe("# Charts\n\nLine charts.\n\nBar charts.\n");
  });
});

describe("applyEdits", () => {
  it("applies in order, base spans against the base, result spans against the result", () => {
    const edits = [
      { id: "a", edit: buildEdit({ op: "insert_after", target_text: "# XLSX", content: "\nA skill for spreadsheets." }) },
      { id: "b", edit: buildEdit({ op: "append_to_section", target_section: "## Formatting", content: "Freeze the header row." }) },
    ];
    const r = applyEdits(buildXlsxSkill(), edits);
    expect(r.outcomes.map((o) => o.status)).toEqual(["applied", "applied"]);
    const base = skill();
    expect(r.outcomes[1]!.baseSpan).toEqual({ start: lineOf(base, "See [formatting](references/formatting.md) before styling cells."), count: 0 });
    const out = r.files["SKILL.md"]!;
    expect(r.outcomes[1]!.resultSpan).toEqual({ start: lineOf(out, "Freeze the header row.") - 1, count: 2 });
    // The splice is minimal: the blank line the content starts with matches the one already there.
    expect(r.outcomes[0]!.resultSpan).toEqual({ start: lineOf(out, "A skill for spreadsheets."), count: 2 });
  });

  it("reports an anchor that an earlier edit removed as skipped 'after earlier edits'", () => {
    const edits = [
      buildEdit({ op: "replace_in_section", old_text: "### Verifying", content: "### Checking" }),
      buildEdit({ op: "insert_after", target_text: "Load the workbook", content: "x" }),
      buildEdit({ op: "insert_after", target_text: "### Verifying", content: "y" }),
    ];
    const r = applyEdits(buildXlsxSkill(), edits, { onConflict: "apply" });
    expect(r.outcomes[2]).toMatchObject({ status: "skipped", reason: "after earlier edits: target_text not found in SKILL.md", conflictGroup: 0 });
  });

  it("keeps CRLF files CRLF and matches anchors written with LF", () => {
    const crlf = { "SKILL.md": XLSX_SKILL_MD.replace(/\n/g, "\r\n"), "notes.txt": "mixed\r\nline\nendings" };
    const r = applyEdits(crlf, [buildEdit({ op: "replace_in_section", old_text: "1. Load the workbook with openpyxl.\n2. Make the change.", content: "1. Load it.\n2. Change it." })]);
    expect(r.outcomes[0]!.status).toBe("applied");
    expect(r.files["SKILL.md"]).toContain("\r\n1. Load it.\r\n2. Change it.\r\n3.");
    expect(r.files["SKILL.md"]!.replace(/\r\n/g, "")).not.toContain("\n");
    expect(r.files["notes.txt"]).toBe("mixed\r\nline\nendings");
  });

  it("leaves files it does not touch identical", () => {
    const base = buildXlsxSkill();
    const r = applyEdits(base, [buildEdit({ op: "append_to_section", target_section: "## Overview", content: "x" })]);
    expect(r.files["references/formatting.md"]).toBe(base["references/formatting.md"]);
    expect(base["SKILL.md"]).toBe(XLSX_SKILL_MD);
  });
});
