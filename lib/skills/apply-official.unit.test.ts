import { describe, expect, it } from "vitest";
import { applyOfficialPatch } from "./apply-official";

// Golden results derived from the official semantics (trace2skill-method.md §1.8 step 3).
const SKILL = ["---", "name: xlsx", "description: Spreadsheets.", "---", "", "# XLSX", "", "## Workflow", "", "1. Open the file.", "2. Edit cells.", "", "### Details", "", "Use openpyxl.", "", "## Pitfalls", "", "- Formulas are not recalculated.", ""].join("\n");
const base = { "SKILL.md": SKILL, "scripts/recalc.py": "print('x')\n" };

describe("applyOfficialPatch", () => {
  it("applies a sequence of every op in order, with official placement", () => {
    const patch = {
      reasoning: "r",
      edits: [
        { file: "SKILL.md", op: "insert_after", target_text: "1. Open the file.", content: "1b. Check the sheet names." },
        { file: "SKILL.md", op: "insert_before", target_text: "## Pitfalls", content: "## Verification\n\nRead the output back." },
        { file: "SKILL.md", op: "append_to_section", target_section: "## Workflow", content: "3. Save." },
        { file: "SKILL.md", op: "replace_in_section", target_section: "## Pitfalls", old_text: "not recalculated", content: "not recalculated by openpyxl" },
        { file: "SKILL.md", op: "add_section", after_section: "## Pitfalls", content: "## Charts\n\nSee references/charts.md." },
        { file: "references/charts.md", op: "create_file", content: "# Charts\n\nUse openpyxl.chart.\n" },
        { file: "SKILL.md", op: "delete_section", target_section: "### Details" },
      ],
      changelog_entries: ["c"],
    };
    const { files, report } = applyOfficialPatch(base, patch);
    expect(report.every((r) => r.applied)).toBe(true);
    // The deletion rewrites the lines the append anchors on (the end of "## Workflow" lies inside
    // "### Details"): applied in order, as the official code would, and reported.
    expect(report.map((r) => r.status)).toEqual(["applied", "applied", "applied", "applied", "applied", "applied", "conflict"]);
    expect(report[6]!.overlaps).toEqual([2]);
    const md = files["SKILL.md"]!;
    expect(md.indexOf("1b. Check the sheet names.")).toBe(md.indexOf("1. Open the file.") + "1. Open the file.\n".length);
    expect(md.indexOf("## Verification")).toBeLessThan(md.indexOf("## Pitfalls"));
    // "### Details" was inside "## Workflow": its deletion removed the subsection and its blank lead-in.
    expect(md).not.toContain("### Details");
    expect(md).not.toContain("Use openpyxl.\n");
    // In order, "3. Save." went to the end of "## Workflow" — inside "### Details" — and was deleted
    // with it: the result the official code gives, and the reason #6 is reported as a conflict.
    expect(md).not.toContain("3. Save.");
    expect(md).toContain("not recalculated by openpyxl");
    expect(md.indexOf("## Charts")).toBeGreaterThan(md.indexOf("## Pitfalls"));
    expect(files["references/charts.md"]).toBe("# Charts\n\nUse openpyxl.chart.\n");
    expect(files["scripts/recalc.py"]).toBe("print('x')\n");
  });

  it("skips missing anchors and files, unsupported ops and unsafe paths, with reasons", () => {
    const { files, report } = applyOfficialPatch(base, {
      edits: [
        { file: "SKILL.md", op: "insert_after", target_text: "no such text", content: "x" },
        { file: "references/missing.md", op: "append_to_section", target_section: "## A", content: "x" },
        { file: "SKILL.md", op: "rewrite_everything", content: "x" },
        { file: "../outside.md", op: "create", content: "x" },
      ],
    });
    expect(report.map((r) => [r.status, r.applied])).toEqual([["skipped", false], ["skipped", false], ["skipped", false], ["skipped", false]]);
    expect(report[0]!.reason).toMatch(/not found/i);
    expect(report[2]!.reason).toBe('unsupported op "rewrite_everything"');
    expect(report[3]!.reason).toMatch(/leaves the skill folder/);
    expect(files["SKILL.md"]).toBe(SKILL);
  });

  it("add_section without a header gets the official default header; at the end of the file when after_section is missing", () => {
    const { files } = applyOfficialPatch(base, { edits: [{ file: "SKILL.md", op: "add_section", after_section: "## Nowhere", content: "Loose text." }] });
    expect(files["SKILL.md"]!.trimEnd().endsWith("## New Section\n\nLoose text.")).toBe(true);
  });

  it("reports overlapping edits as conflicts: applied in order by default, withheld on request", () => {
    const edits = [
      { file: "SKILL.md", op: "replace_in_section", target_section: "## Workflow", old_text: "2. Edit cells.", content: "2. Edit cells with openpyxl." },
      { file: "SKILL.md", op: "replace_in_section", target_section: "## Workflow", old_text: "2. Edit cells.", content: "2. Edit cells carefully." },
    ];
    const inOrder = applyOfficialPatch(base, { edits });
    // In order, the second replacement no longer finds its text: skipped, as officially, and the overlap named.
    expect(inOrder.report[1]).toMatchObject({ status: "skipped", applied: false, overlaps: [0] });
    expect(inOrder.files["SKILL.md"]).toContain("2. Edit cells with openpyxl.");
    const withheld = applyOfficialPatch(base, { edits }, { withholdConflicts: true });
    expect(withheld.report.map((r) => r.applied)).toEqual([false, false]);
    expect(withheld.files["SKILL.md"]).toBe(SKILL);
  });

  it("a # line inside a fenced code block is not a header", () => {
    const md = "# T\n\n## Run\n\n```bash\n# install\npip install openpyxl\n```\n\n## Next\n";
    const { files } = applyOfficialPatch({ "SKILL.md": md }, { edits: [{ file: "SKILL.md", op: "append_to_section", target_section: "## Run", content: "Then run it." }] });
    expect(files["SKILL.md"]).toContain("```\n\nThen run it.\n\n## Next");
  });
});
