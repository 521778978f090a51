import { describe, expect, it } from "vitest";
import { chunkList, countMergeRounds, planMergeTree } from "./merge-plan";

describe("chunkList (official remainder rule)", () => {
  it("keeps full batches and gives a large remainder its own batch", () => {
    expect(chunkList([1, 2, 3, 4, 5, 6, 7, 8], 5)).toEqual([[1, 2, 3, 4, 5], [6, 7, 8]]);
  });
  it("spreads a small remainder round-robin over earlier batches", () => {
    expect(chunkList([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5)).toEqual([
      [1, 2, 3, 4, 5, 11],
      [6, 7, 8, 9, 10, 12],
    ]);
  });
  it("keeps a small remainder alone when there is no earlier batch", () => {
    expect(chunkList([1, 2], 5)).toEqual([[1, 2]]);
  });
  it("returns no batches for no items", () => {
    expect(chunkList([], 5)).toEqual([]);
  });
});

describe("planMergeTree", () => {
  it("reproduces the paper's 323 patches → 4 levels with B=5 (323→65→13→3→1)", () => {
    const plan = planMergeTree(323, 5, 5);
    expect(plan.levels.map((l) => l.length)).toEqual([65, 13, 3, 1]);
    expect(plan.forcedMerge).toBe(false);
    expect(plan.levels[3]![0]!.inputs).toEqual([0, 1, 2]);
    expect(countMergeRounds(plan)).toBe(4);
  });
  it("uses every input exactly once per level", () => {
    const plan = planMergeTree(1000, 5, 5);
    let count = 1000;
    for (const nodes of plan.levels) {
      expect(nodes.flatMap((n) => n.inputs).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
      count = nodes.length;
    }
    expect(count).toBe(1);
  });
  it("adds one forced merge when maxLevels leaves more than one patch", () => {
    const plan = planMergeTree(100, 2, 2);
    expect(plan.levels.map((l) => l.length)).toEqual([50, 25, 1]);
    expect(plan.forcedMerge).toBe(true);
    expect(plan.levels[2]![0]).toMatchObject({ forced: true, inputs: Array.from({ length: 25 }, (_, i) => i) });
  });
  it("skips merging for zero or one patch", () => {
    expect(planMergeTree(1, 5, 5).levels).toEqual([]);
    expect(planMergeTree(0, 5, 5).levels).toEqual([]);
  });
});
