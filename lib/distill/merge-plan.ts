// The shape of the REDUCE tree, decided before any merge call so every node has a stable key
// (run × level × index) that survives a worker restart. Follows the official `chunk_list` and
// `run_reduce_phase` (../shared/trace2skill-method.md §1.6–1.7): full batches of B; a remainder
// smaller than B/2 is spread round-robin over the earlier batches, otherwise it is its own batch;
// merge level by level while more than one patch is left and fewer than maxLevels levels ran; if
// more than one is left after that, one forced merge of everything.

/** Splits items into batches of `size` with the official remainder rule. */
export function chunkList<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new Error("batch size must be at least 1");
  const full = Math.floor(items.length / size);
  const batches: T[][] = [];
  for (let b = 0; b < full; b++) batches.push(items.slice(b * size, (b + 1) * size));
  const rest = items.slice(full * size);
  if (rest.length === 0) return batches;
  if (rest.length < size / 2 && batches.length > 0) {
    rest.forEach((item, i) => batches[i % batches.length]!.push(item));
  } else {
    batches.push(rest);
  }
  return batches;
}

export type TMergeNodePlan = {
  level: number;
  index: number;
  /** Indices into the previous level's outputs (level 0 = the MAP patches). */
  inputs: number[];
  /** The one merge of everything left after maxLevels. */
  forced: boolean;
};

export type TMergePlan = { levels: TMergeNodePlan[][]; forcedMerge: boolean };

/**
 * The merge tree for `patchCount` MAP patches. A level with a single-input node still appears so a
 * batch that the remainder rule leaves alone is carried up unchanged (it costs no call).
 */
export function planMergeTree(patchCount: number, fanIn: number, maxLevels: number): TMergePlan {
  const levels: TMergeNodePlan[][] = [];
  let count = patchCount;
  while (count > 1 && levels.length < maxLevels) {
    const level = levels.length + 1;
    const batches = chunkList(
      Array.from({ length: count }, (_, i) => i),
      fanIn,
    );
    levels.push(batches.map((inputs, index) => ({ level, index, inputs, forced: false })));
    count = batches.length;
  }
  const forcedMerge = count > 1;
  if (forcedMerge) {
    const level = levels.length + 1;
    levels.push([{ level, index: 0, inputs: Array.from({ length: count }, (_, i) => i), forced: true }]);
  }
  return { levels, forcedMerge };
}

/** Sequential LLM rounds the tree costs: levels whose nodes all have one input need no call. */
export function countMergeRounds(plan: TMergePlan): number {
  return plan.levels.filter((nodes) => nodes.some((n) => n.inputs.length > 1)).length;
}
