import { describe, expect, it } from "vitest";
import { attributeMergeAnswer, passThrough } from "./merge-node";
import { planMergeTree } from "./merge-plan";
import { mergeByRules } from "./rule-merger";
import type { TPatchEdit } from "../skills/patch";
import { patchKey, sourceMapPatch, supportOf, type TSourcedPatch } from "./sourced-edit";

const tip = (text: string): TPatchEdit => ({ file: "SKILL.md", op: "append_to_section" as const, target_section: "## Formulas", content: text });

function mapPatch(i: number, edits: TPatchEdit[]): TSourcedPatch {
  return sourceMapPatch(patchKey(0, i), { reasoning: `r${i}`, edits, changelog_entries: [`c${i}`] }, `traj-${i}`, [`lesson-${i}a`, `lesson-${i}b`]);
}

describe("attributeMergeAnswer", () => {
  const inputs = [mapPatch(0, [tip("Recalculate formulas with recalc.py after writing.")]), mapPatch(1, [tip("Always run recalc.py after writing formulas.")])];

  it("takes the union of the named inputs' sources and lists what was discarded", () => {
    const r = attributeMergeAnswer("L1.0", inputs, {
      reasoning: "dedup",
      edits: [{ ...tip("Run recalc.py after writing formulas."), from: ["L0.0.e0", "L0.1.e0"] }],
      changelog_entries: [],
    });
    expect(r.patch.edits).toHaveLength(1);
    expect(r.patch.edits[0]).toMatchObject({ id: "L1.0.e0", trajectoryIds: ["traj-0", "traj-1"], lessonIds: ["lesson-0a", "lesson-0b", "lesson-1a", "lesson-1b"] });
    expect(r.origins).toEqual({ "L1.0.e0": ["L0.0.e0", "L0.1.e0"] });
    expect(r.discarded).toEqual([]);
  });

  it("drops an output edit that names no real input, and reports unused inputs", () => {
    const r = attributeMergeAnswer("L1.0", inputs, {
      reasoning: "",
      edits: [
        { ...tip("Invented rule."), from: ["L9.9.e9"] },
        { ...tip("Recalculate."), from: ["L0.0.e0", "bogus"] },
      ],
      changelog_entries: [],
    });
    expect(r.dropped).toHaveLength(1);
    expect(r.dropped[0]!.reason).toMatch(/names no input edit \(L9\.9\.e9\)/);
    expect(r.patch.edits.map((e) => e.trajectoryIds)).toEqual([["traj-0"]]);
    expect(r.discarded).toEqual(["L0.1.e0"]);
  });
});

describe("passThrough", () => {
  it("keeps every input edit and its sources, and says why when the merge failed", () => {
    const inputs = [mapPatch(0, [tip("a b c")]), mapPatch(1, [tip("d e f"), tip("g h i")])];
    const r = passThrough("L1.0", inputs, "merge call failed: unparsable");
    expect(r.status).toBe("passed_through");
    expect(r.error).toMatch(/unparsable/);
    expect(r.patch.edits.map((e) => e.trajectoryIds)).toEqual([["traj-0"], ["traj-1"], ["traj-1"]]);
    expect(r.origins["L1.0.e2"]).toEqual(["L0.1.e1"]);
    expect(passThrough("L1.0", inputs).status).toBe("carried");
  });
});

describe("support counts through the merge tree", () => {
  it("survive three merge levels exactly (rule-based merger)", () => {
    // 30 trajectories; every one proposes the same recalc tip, every third also a pandas warning.
    const outcome = (id: string) => (Number(id.split("-")[1]) % 2 === 0 ? "failure" : "success");
    const patches = Array.from({ length: 30 }, (_, i) =>
      mapPatch(i, [
        tip(`Recalculate all formulas with recalc.py after writing the workbook (seen in run ${i % 2}).`),
        ...(i % 3 === 0 ? [{ file: "SKILL.md", op: "insert_after" as const, target_text: "Use openpyxl.", content: "Never save with pandas.to_excel: it drops formulas." }] : []),
      ]),
    );
    const plan = planMergeTree(patches.length, 3, 5);
    expect(plan.levels.length).toBeGreaterThanOrEqual(3);
    let current = patches;
    for (const nodes of plan.levels) {
      current = nodes.map((n) => {
        const inputs = n.inputs.map((i) => current[i]!);
        return n.inputs.length === 1 ? passThrough(patchKey(n.level, n.index), inputs).patch : mergeByRules(patchKey(n.level, n.index), inputs).patch;
      });
    }
    expect(current).toHaveLength(1);
    const [recalc, pandas] = current[0]!.edits;
    expect(supportOf(recalc!, outcome)).toEqual({ total: 30, error: 15, success: 15, other: 0 });
    expect(supportOf(pandas!, outcome)).toEqual({ total: 10, error: 5, success: 5, other: 0 });
    expect(pandas!.trajectoryIds).toEqual(Array.from({ length: 10 }, (_, k) => `traj-${k * 3}`).sort());
    expect(recalc!.lessonIds).toHaveLength(60);
  });

  it("unites new sections with the same header into one, every distinct line once", () => {
    const add = (content: string): TPatchEdit => ({ file: "SKILL.md", op: "add_section", after_section: "## Workflow", content });
    const r = mergeByRules("L1.0", [mapPatch(0, [add("## Common Pitfalls\n\n- Never use to_excel.")]), mapPatch(1, [add("## Common Pitfalls\n\n- Check sheet names first.\n- Never use to_excel.")])]);
    expect(r.patch.edits).toHaveLength(1);
    expect(r.patch.edits[0]!.content.startsWith("## Common Pitfalls\n")).toBe(true);
    expect(r.patch.edits[0]!.content.split("\n").filter((l) => l.startsWith("- ")).sort()).toEqual(["- Check sheet names first.", "- Never use to_excel."]);
    expect(r.patch.edits[0]!.trajectoryIds).toEqual(["traj-0", "traj-1"]);
  });

  it("keeps two different replacements of one passage apart", () => {
    const replace = (content: string) => ({ file: "SKILL.md", op: "replace_in_section" as const, target_section: "## Output", old_text: "Save as CSV.", content });
    const r = mergeByRules("L1.0", [mapPatch(0, [replace("Save as XLSX with openpyxl.")]), mapPatch(1, [replace("Keep the input file format when saving.")])]);
    expect(r.patch.edits).toHaveLength(2);
  });
});
