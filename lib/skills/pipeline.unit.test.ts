import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply";
import { diffSkill } from "./diff";
import { buildXlsxSkill } from "./fixtures/xlsx-skill";
import { lintSkill } from "./lint";
import { ZPatch } from "./patch";
import { resolveAnchors } from "./resolve-anchors";
import { sanitizeEdits } from "./sanitize";

// The order the run uses after REDUCE: RESOLVE → SANITIZE → APPLY → LINT → diff, on a merged patch
// as an LLM writes it (loose anchors, a bad path, an unpaired create, a placeholder section).

const merged = ZPatch.parse({
  reasoning: "Agents hard-coded totals and styled without the reference.",
  edits: [
    { file: "SKILL.md", op: "replace_in_section", target_section: "## formulas", old_text: "Always write formulas,  never hard-coded results.", content: "Always write formulas (=SUM(B2:B9)), never hard-coded results." },
    { file: "SKILL.md", op: "append_to_section", target_section: "Formatting", content: "For charts read [charts](references/charts.md)." },
    { file: "references/charts.md", op: "create", content: "# Charts\n\nUse openpyxl.chart; anchor charts at an empty cell.\n" },
    { file: "references/pivots.md", op: "create", content: "# Pivots\n\nNot linked from anywhere.\n" },
    { file: "scripts/recalc.py", op: "replace_in_section", old_text: "import sys", content: "import os" },
    { file: "SKILL.md", op: "add_section", after_section: "## Workflow", content: "Check merged cells before writing." },
    { file: "SKILL.md", op: "insert_after", target_text: "Load the workbook with opnpyxl.", content: "   Pass data_only=False." },
  ],
});

describe("resolve → sanitize → apply → lint → diff", () => {
  it("turns a loose merged patch into files, withheld items and findings a reviewer can act on", () => {
    const base = buildXlsxSkill();
    const resolved = resolveAnchors(base, merged.edits);
    expect(resolved.map((r) => r.status)).toEqual(["normalized", "normalized", "exact", "exact", "unresolved", "exact", "unresolved"]);

    const sanitized = sanitizeEdits(base, resolved.map((r) => r.edit));
    expect(sanitized.dropped.map((d) => [d.index, d.code])).toEqual([[3, "unlinked_create"], [4, "protected_file"]]);

    const applied = applyEdits(base, sanitized.kept.map((k) => ({ id: `item-${k.index}`, edit: k.edit })));
    expect(applied.outcomes.map((o) => [o.id, o.status])).toEqual([["item-0", "applied"], ["item-1", "applied"], ["item-2", "applied"], ["item-5", "applied"], ["item-6", "skipped"]]);
    expect(applied.outcomes[4]!.reason).toBe("target_text not found in SKILL.md");
    expect(applied.outcomes[3]!.notes.map((n) => n.code)).toEqual(["placeholder_header"]);

    const findings = lintSkill(applied.files, { skillName: "xlsx" });
    expect(findings.map((f) => [f.rule, f.file])).toEqual([["heading/placeholder", "SKILL.md"]]);
    expect(applied.files["SKILL.md"]!.split("\n")[findings[0]!.line - 1]).toBe("## New Section");

    const diff = diffSkill(base, applied.files);
    expect(diff.files.filter((f) => f.change !== "unchanged").map((f) => [f.path, f.change])).toEqual([["SKILL.md", "modified"], ["references/charts.md", "added"]]);
    expect(diff.patch).toContain("-Always write formulas, never hard-coded results.\n+Always write formulas (=SUM(B2:B9)), never hard-coded results.\n");
  });
});
