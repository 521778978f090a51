import { describe, expect, test } from "vitest";
import { certainBelow, createTreeWalk, firstCertainIndex, parentsOf } from "./merge-ahead";
import { planMergeTree, type TMergeNodePlan } from "./merge-plan";
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

describe("the final tree, once every MAP patch is in", () => {
  // Drives the walk merge-ahead.ts uses: a round answers every node handed out in the one before.
  const rounds = (patches: number, fanIn: number, maxLevels: number) => {
    const plan = planMergeTree(patches, fanIn, maxLevels);
    const done = new Set(Array.from({ length: patches }, (_, i) => `0.${i}`));
    const begun = new Set<string>();
    let handed: TMergeNodePlan[] = [];
    const walk = createTreeWalk(
      plan,
      (n) => (begun.add(`${n.level}.${n.index}`), handed.push(n)),
      (l, i) => done.has(`${l}.${i}`),
      (l, i) => begun.has(`${l}.${i}`),
    );
    walk.offerAll();
    const out: string[][] = [];
    while (handed.length) {
      const round = handed;
      handed = [];
      out.push(round.map((n) => `L${n.level}.${n.index}(${n.inputs.length})`));
      for (const n of round) done.add(`${n.level}.${n.index}`);
      for (const n of round) walk.answered(n.level, n.index);
    }
    return { plan, out };
  };

  test("every node of the plan is started once, the remainder rule's too, each as soon as its inputs are in", () => {
    // 1,001 patches: L1.0 takes the leftover (six inputs), which no merge ahead could know before.
    const { plan, out } = rounds(1001, 5, 5);
    expect(out.map((r) => r.length)).toEqual([200, 40, 8, 2, 1]);
    expect(out[0]).toContain("L1.0(6)");
    expect(out.flat()).toHaveLength(plan.levels.flat().length);
    expect(new Set(out.flat()).size).toBe(out.flat().length);
  });

  test("a node carried up with one input and the forced merge after maxLevels are part of the walk", () => {
    // Fan-in 2 over 3 patches: L1 = [0,1] and [2] (carried); L2 merges the two.
    expect(rounds(3, 2, 5).out).toEqual([["L1.0(2)", "L1.1(1)"], ["L2.0(2)"]]);
    // Two levels allowed over 20 patches at fan-in 2: 10, then 5, then one forced merge of all five.
    expect(rounds(20, 2, 2).out.at(-1)).toEqual(["L3.0(5)"]);
  });

  test("each answer names the one node it feeds, so the walk needs no scan of the tree", () => {
    const plan = planMergeTree(1001, 5, 5);
    const parents = parentsOf(plan);
    // Every input of every node, MAP patches included, and nothing else.
    expect(parents.size).toBe(plan.levels.flat().reduce((n, node) => n + node.inputs.length, 0));
    expect(parents.get("0.1000")).toMatchObject({ level: 1, index: 0 });
    expect(parents.get("0.999")).toMatchObject({ level: 1, index: 199 });
    expect(parents.get("4.1")).toMatchObject({ level: 5, index: 0 });
    expect(parents.has("5.0")).toBe(false);
  });

  test("a node whose inputs are not all in waits", () => {
    const plan = planMergeTree(10, 5, 5);
    const ready: TMergeNodePlan[] = [];
    createTreeWalk(plan, (n) => ready.push(n), (l, i) => l === 0 && i !== 7, () => false).offerAll();
    expect(ready.map((n) => `${n.level}.${n.index}`)).toEqual(["1.0"]);
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
