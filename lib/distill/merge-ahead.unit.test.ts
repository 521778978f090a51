import { describe, expect, test } from "vitest";
import { certainBelow, firstCertainIndex } from "./merge-ahead";
import { planMergeTree } from "./merge-plan";
import { mergeStepKey } from "./merge-step";

// The merges started ahead must be the very nodes the merge stage will plan, whatever the final
// number of MAP patches turns out to be: checked against planMergeTree for every count.

describe("merges that can start before the MAP stage ends", () => {
  test.each([2, 3, 4, 5, 6, 8, 32])("fan-in %i: a node deemed certain has the same inputs in every tree the final count can give", (fanIn) => {
    const maxLevels = 5;
    for (let final = 0; final <= 140; final++) {
      const plan = planMergeTree(final, fanIn, maxLevels);
      // Certainty only grows with what is known, so checking the most that is known covers the rest.
      for (let level = 1; level <= maxLevels; level++) {
        for (let j = firstCertainIndex(fanIn); j < certainBelow(final, level, fanIn); j++) {
          const node = plan.levels[level - 1]?.[j];
          expect(node, `fan-in ${fanIn}, ${final} patches: node L${level}.${j}`).toMatchObject({ inputs: Array.from({ length: fanIn }, (_, k) => j * fanIn + k), forced: false });
        }
      }
    }
  });

  test("the nodes below the first certain index are the ones the remainder rule can change", () => {
    // 1,001 patches at fan-in 5: the leftover one joins batch 0, so L1.0 has six inputs.
    expect(planMergeTree(1001, 5, 5).levels[0]![0]!.inputs).toHaveLength(6);
    expect(firstCertainIndex(5)).toBe(2);
    expect(planMergeTree(1002, 5, 5).levels[0]![1]!.inputs).toHaveLength(6);
    expect(certainBelow(1000, 1, 5)).toBe(200);
    expect(certainBelow(1000, 3, 5)).toBe(8);
  });
});

describe("merge step keys", () => {
  test("do not depend on the order of an edit's keys: a patch read back from jsonb keys the same step", () => {
    const edit = { id: "L0.3.e0", file: "SKILL.md", op: "append_to_section" as const, target_section: "## Notes", content: "- Check.", trajectoryIds: ["t3"], lessonIds: ["l3"] };
    const reordered = Object.fromEntries(Object.entries(edit).reverse()) as typeof edit;
    expect(mergeStepKey(1, 2, [{ edits: [edit] }])).toBe(mergeStepKey(1, 2, [{ edits: [reordered] }]));
    expect(mergeStepKey(1, 2, [{ edits: [edit] }])).not.toBe(mergeStepKey(1, 2, [{ edits: [{ ...edit, content: "- Other." }] }]));
  });
});
