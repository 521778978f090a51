import { describe, expect, test } from "vitest";
import { ZPatch, type TPatch } from "../skills/patch";
import { ZLessonSet, type TLessonSet } from "./lessons";
import { mapLessons, type TMapInput } from "./map";
import { enforcePatchRules } from "./map-guard";
import { createBaseSkill, describeSizeStatus } from "./skill-files";
import { SAMPLE_SKILL } from "./testing/fixtures";
import { createStubLlm } from "./testing/llm-stub";

const lessons = (perspective: "error" | "success" = "error"): TLessonSet =>
  ZLessonSet.parse({
    kind: "lessons",
    analyst: perspective,
    perspective,
    items: [{ kind: perspective === "error" ? "failure_memory" : "success_memory", number: 1, title: "Recalculate", description: "Formulas had no cached values.", content: "Run recalc.py after writing formulas.", stepRefs: [3] }],
    citations: { repaired: 0, droppedRefs: 0, droppedItems: 0, invalid: 0 },
    truncatedItems: 0,
    usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
    model: "m",
    attempts: 1,
    prompts: {},
    sawGraderEvidence: false,
  });

const input = (over: Partial<TMapInput> = {}): TMapInput => ({ trajectoryId: "traj-1", lessons: lessons(), base: SAMPLE_SKILL, baseMode: "deepen", runMode: "error", ...over });
const patchOf = (edits: Record<string, unknown>[]): TPatch => ZPatch.parse({ reasoning: "r", edits, changelog_entries: ["c"] });

describe("mapLessons", () => {
  test("one mapper call with the frozen skill, line counts, size status and the record; the guard's drops are returned", async () => {
    const answer = {
      reasoning: "Formulas were never recalculated.",
      edits: [
        { file: "SKILL.md", op: "append_to_section", target_section: "## Formulas", content: "- Run `recalc.py` after writing formulas." },
        { file: "scripts/recalc.py", op: "create", content: "print(1)" },
        { file: "references/recalc.md", op: "create", content: "# Recalc" },
      ],
      changelog_entries: ["Recalculate after writing formulas"],
    };
    const llm = createStubLlm({ skill_patch: answer });
    const result = await mapLessons(input(), { llm }, { runId: "run-1" });
    if (result.kind !== "patch") throw new Error("expected a patch");
    expect(result).toMatchObject({ mapper: "llm", model: "stub-mapper", prompts: { "map-error": "v1" } });
    expect(result.patch.edits).toHaveLength(1);
    expect(result.dropped.map((d) => [d.index, d.reason])).toEqual([
      [1, "path_not_allowed"],
      [2, "create_unlinked"],
    ]);
    const req = llm.requests[0];
    expect(req).toMatchObject({ role: "mapper", schemaName: "skill_patch", runId: "run-1", stepKey: "map:traj-1" });
    const user = req.messages[1].content;
    expect(user).toContain("### SKILL.md (21 lines)");
    expect(user).toContain("### references/charts.md (3 lines)");
    expect(user).toContain("SKILL.md: 21 / 500 lines (ok)");
    expect(user).toContain('"type": "failure_memory"');
    expect(user).toContain("Mode: deepen");
    const system = req.messages[0].content;
    for (const rule of [/Additive first/, /Never change the front matter/, /must come with an edit in SKILL.md that links to it/, /must trace to an observed failure/, /Tune the degree of freedom/, /progressive disclosure/]) expect(system).toMatch(rule);
  });

  test("the prompt variant follows the run's analyst mix", async () => {
    for (const [runMode, name, phrase] of [
      ["success", "map-success", /reinforces the repeatable wins/],
      ["combined", "map-combined", /without weakening the workflows that already succeed/],
    ] as const) {
      const llm = createStubLlm({ skill_patch: { reasoning: "", edits: [], changelog_entries: [] } });
      const result = await mapLessons(input({ runMode, lessons: lessons("success") }), { llm });
      expect(result.kind === "patch" && result.prompts).toEqual({ [name]: "v1" });
      expect(llm.requests[0].messages[0].content).toMatch(phrase);
    }
  });

  test("create mode: the base is a minimal SKILL.md with the given front matter, and the prompt says so", async () => {
    const base = createBaseSkill({ name: "csv-cleaner", description: "Clean and normalise CSV exports." });
    expect(base["SKILL.md"]).toBe("---\nname: csv-cleaner\ndescription: Clean and normalise CSV exports.\n---\n\n# Csv Cleaner\n");
    const llm = createStubLlm({ skill_patch: { reasoning: "", edits: [{ file: "SKILL.md", op: "add_section", content: "## Workflow\n\n1. Detect the delimiter." }], changelog_entries: [] } });
    const result = await mapLessons(input({ base, baseMode: "create" }), { llm });
    expect(result.kind === "patch" && result.patch.edits).toHaveLength(1);
    expect(llm.requests[0].messages[1].content).toMatch(/Mode: create a new skill[\s\S]*"csv-cleaner"[\s\S]*Clean and normalise CSV exports/);
    expect(() => createBaseSkill({ name: "Bad Name", description: "x" })).toThrow(/kebab-case/);
  });

  test("no lessons, no call", async () => {
    const llm = createStubLlm({});
    expect(await mapLessons(input({ lessons: { ...lessons(), items: [] } }), { llm })).toEqual({ kind: "skipped", reason: "no_lessons" });
  });
});

describe("enforcePatchRules", () => {
  test("a created reference is kept only with its SKILL.md link, and a link needs its file", () => {
    const { patch, dropped } = enforcePatchRules(
      patchOf([
        { file: "references/recalc.md", op: "create", content: "# Recalc" },
        { file: "SKILL.md", op: "append_to_section", target_section: "## Workflow", content: "4. Read references/recalc.md when formulas are involved." },
        { file: "SKILL.md", op: "append_to_section", target_section: "## Formulas", content: "See references/missing.md." },
        { file: "SKILL.md", op: "append_to_section", target_section: "## Formulas", content: "See references/charts.md for charts." },
      ]),
      SAMPLE_SKILL,
    );
    expect(patch.edits.map((e) => e.file)).toEqual(["references/recalc.md", "SKILL.md", "SKILL.md"]);
    expect(dropped.map((d) => [d.index, d.reason])).toEqual([[2, "link_to_missing_reference"]]);
    expect(dropped[0].message).toContain("references/missing.md");
  });

  test("paths outside SKILL.md and references/*.md are refused; ./ is normalised", () => {
    const { patch, dropped } = enforcePatchRules(
      patchOf([
        { file: "./SKILL.md", op: "append_to_section", target_section: "## Formulas", content: "x" },
        { file: "../other/SKILL.md", op: "append_to_section", content: "x" },
        { file: "/etc/passwd", op: "create", content: "x" },
        { file: "references/deep/x.md", op: "create", content: "x" },
        { file: "recalc.py", op: "replace_in_section", old_text: "a", content: "b" },
      ]),
      SAMPLE_SKILL,
    );
    expect(patch.edits.map((e) => e.file)).toEqual(["SKILL.md"]);
    expect(dropped.map((d) => d.reason)).toEqual(Array(4).fill("path_not_allowed"));
  });

  test("front matter is protected: no anchor inside it, no rewrite changing name or description, no deleting SKILL.md", () => {
    const { patch, dropped } = enforcePatchRules(
      patchOf([
        { file: "SKILL.md", op: "replace_in_section", old_text: "name: xlsx", content: "name: xlsx-pro" },
        { file: "SKILL.md", op: "insert_after", target_text: "description: Create", content: "extra" },
        { file: "SKILL.md", op: "insert_before", target_text: "---", content: "# Title" },
        { file: "SKILL.md", op: "create", content: "---\nname: other\ndescription: d\n---\n# X\n" },
        { file: "SKILL.md", op: "delete_file" },
        // Body text that also appears in the front matter, scoped to a section: allowed.
        { file: "SKILL.md", op: "replace_in_section", target_section: "## Workflow", old_text: "Edit with openpyxl.", content: "Edit with openpyxl; never pandas." },
        { file: "SKILL.md", op: "create", content: SAMPLE_SKILL["SKILL.md"].replace("Prefer formulas", "Use formulas") },
      ]),
      SAMPLE_SKILL,
    );
    expect(dropped.map((d) => [d.index, d.reason])).toEqual([
      [0, "front_matter"],
      [1, "front_matter"],
      [2, "front_matter"],
      [3, "front_matter"],
      [4, "front_matter"],
    ]);
    expect(patch.edits.map((e) => e.op)).toEqual(["replace_in_section", "create"]);
  });

  test("deleting a linked reference needs the link removed in the same patch", () => {
    const alone = enforcePatchRules(patchOf([{ file: "references/charts.md", op: "delete_file" }]), SAMPLE_SKILL);
    expect(alone.dropped.map((d) => d.reason)).toEqual(["delete_still_linked"]);
    const paired = enforcePatchRules(patchOf([{ file: "references/charts.md", op: "delete_file" }, { file: "SKILL.md", op: "delete_section", target_section: "## Reference files" }]), SAMPLE_SKILL);
    expect(paired.dropped).toEqual([]);
  });

  test("size status warns within 50 lines of the limit", () => {
    const long = { "SKILL.md": Array.from({ length: 460 }, (_, i) => `l${i}`).join("\n") };
    expect(describeSizeStatus(long)).toMatch(/460 \/ 500 lines \(WARNING: within 50 lines/);
    expect(describeSizeStatus({ "SKILL.md": "x\n".repeat(510) })).toMatch(/OVER THE LIMIT/);
  });
});
