import { AppError } from "../errors";
import { onAbort } from "../llm/abort-hub";
import { passThrough } from "./merge-node";
import { planMergeTree, type TMergeNodePlan, type TMergePlan } from "./merge-plan";
import { mergeStepKey, startMergeStep } from "./merge-step";
import type { TRunContext } from "./run-context";
import { outcomeLookup } from "./stage-reduce";
import { patchKey, type TOutcomeOf, type TSourcedPatch } from "./sourced-edit";

// Merges started while the MAP calls are still going. The merge tree (merge-plan.ts) depends on how
// many MAP patches there are, which is known only once the last one is in, so the merge stage could
// only start then: 200 first-level nodes at C = 64 take four rounds of calls, while the end of the
// MAP stage leaves slots idle. But most nodes do not depend on that count:
//
//   known₀ = patches with edits among the leading positions whose MAP is settled,
//   knownₗ = ⌊knownₗ₋₁ / B⌋ (batches of B that are full whatever the final count),
//
// node (ℓ, j) has the same inputs in every tree the final count can give when j < knownₗ and
// j ≥ ⌈B/2⌉ − 1 (the official remainder rule adds a leftover input to batches 0…⌈B/2⌉ − 2 only).
// Such a node is merged here, through the same durable step as the merge stage, with calls that
// wait behind every analyst and MAP call of the run (ctx.spareDeps), so it only fills idle slots.
// Once every position is settled the count is known: the tree is planned as the stage will plan
// it, and every node (the remainder rule's too, and those carried up without a call) starts the
// moment its inputs are in, so no level waits for the whole level below or for the stage to begin.
// The merge stage then finds its answer stored. A wrong guess would only cost a call, never a
// different result: the stage computes every key itself. A merge that fails here stores what the
// stage's would (a node whose merger fails twice is passed through), so the stage reuses it.

export type TMergeAhead = {
  /** The positions whose MAP patches will be settled (the analyse stage's work, in any order). */
  begin(positions: readonly number[]): void;
  /** A position's MAP patch once stored; null when it has none (no edits, skipped or failed). Once per position. */
  settle(position: number, patch: TSourcedPatch | null): void;
  /** The merge started ahead under this step key, if any: the merge stage waits for it rather than claim it twice. */
  pending(stepKey: string): Promise<unknown> | undefined;
  /** Starts no more merges and stops those under way (the merge stage has what it needs, or the run stopped). */
  cancel(): void;
  /** Settles when every merge started ahead has ended. */
  drain(): Promise<void>;
};

/** The lowest node index whose inputs the final count cannot change (the remainder goes to the ones below). */
export function firstCertainIndex(fanIn: number): number {
  return Math.ceil(fanIn / 2) - 1;
}

/** Level `level`'s nodes below this index are full batches in every tree of at least `known` MAP patches. */
export function certainBelow(known: number, level: number, fanIn: number): number {
  let n = known;
  for (let l = 0; l < level; l++) n = Math.floor(n / fanIn);
  return n;
}

/** For each node's input (`level.index` of the level below), the node of the tree it feeds. */
export function parentsOf(plan: TMergePlan): Map<string, TMergeNodePlan> {
  return new Map(plan.levels.flatMap((nodes) => nodes.flatMap((n) => n.inputs.map((i) => [`${n.level - 1}.${i}`, n] as const))));
}

export type TTreeWalk = {
  /** Offers every node of the tree once (when the tree is planned). */
  offerAll(): void;
  /** A node's output is in (level 0: a MAP patch with edits): offers the one node it feeds. */
  answered(level: number, index: number): void;
};

/**
 * Walks the final tree: `ready` gets a node, not begun yet, whose inputs are all in. Each answer
 * looks only at the node it feeds, so a walk costs O(tree), not a scan of the tree per answer.
 */
export function createTreeWalk(plan: TMergePlan, ready: (node: TMergeNodePlan) => void, isIn: (level: number, index: number) => boolean, isBegun: (level: number, index: number) => boolean): TTreeWalk {
  const parents = parentsOf(plan);
  const offer = (n: TMergeNodePlan) => {
    if (!isBegun(n.level, n.index) && n.inputs.every((i) => isIn(n.level - 1, i))) ready(n);
  };
  return {
    offerAll: () => plan.levels.forEach((nodes) => nodes.forEach(offer)),
    answered: (level, index) => {
      const parent = parents.get(`${level}.${index}`);
      if (parent) offer(parent);
    },
  };
}

export const NO_MERGE_AHEAD: TMergeAhead = { begin: () => undefined, settle: () => undefined, pending: () => undefined, cancel: () => undefined, drain: async () => undefined };

/** The merges a run of LLM merges can start ahead; the rule-based merger has no calls to overlap. */
export function createMergeAhead(ctx: TRunContext): TMergeAhead {
  if (ctx.impl.kind !== "llm") return NO_MERGE_AHEAD;
  const fanIn = ctx.config.fanIn;
  const firstCertain = firstCertainIndex(fanIn);
  // Its own signal: cancel() stops these merges without stopping the run.
  const controller = new AbortController();
  const stopWithRun = onAbort(ctx.signal, () => controller.abort(ctx.signal.reason));
  let slotOf = new Map<number, number>();
  let settled: (TSourcedPatch | null | undefined)[] = [];
  let frontier = 0;
  // outputs[0]: the MAP patches with edits, in position order; outputs[ℓ]: level ℓ's merged patches by index.
  const outputs: Map<number, TSourcedPatch>[] = [new Map()];
  const started = new Map<string, Promise<unknown>>();
  let outcomes: Promise<TOutcomeOf> | undefined;
  // Per level, the lowest index not begun yet (nodes become ready roughly in index order).
  const lowest: number[] = [];
  const begun = new Set<string>();

  const start = (level: number, index: number, inputs: TSourcedPatch[], into: Map<number, TSourcedPatch>) => {
    begun.add(`${level}.${index}`);
    const call = { level, index, inputs, stepKey: mergeStepKey(level, index, inputs) };
    outcomes ??= outcomeLookup(ctx.runId);
    // The node above starts on the answer; the stage, which reads it back, waits for the commit.
    // Commits are written in arrival order (step-store.ts), so a node is not stored before its inputs.
    const run = outcomes
      .then((outcomeOf) => startMergeStep(ctx, ctx.spareDeps, call, outcomeOf, controller.signal))
      .then(({ value, committed }) => {
        into.set(index, value.patch);
        answered(level, index);
        return committed;
      });
    // The stage claims the step again if this one did not store an answer (stopped, or its commit failed).
    run.catch(() => undefined);
    started.set(call.stepKey, run);
  };

  // The tree the merge stage will plan, walked once the last position is settled.
  let walk: TTreeWalk | undefined;
  const readyNode = (node: TMergeNodePlan) => {
    if (controller.signal.aborted) return;
    const inputs = node.inputs.map((i) => outputs[node.level - 1]!.get(i)!);
    const into = (outputs[node.level] ??= new Map());
    if (inputs.length > 1) return start(node.level, node.index, inputs, into);
    // As the stage carries it (no call), so the node above it can start now.
    begun.add(`${node.level}.${node.index}`);
    into.set(node.index, passThrough(patchKey(node.level, node.index), inputs).patch);
    answered(node.level, node.index);
  };
  const answered = (level: number, index: number) => (walk ? walk.answered(level, index) : launch());
  const planTree = (patches: number) => {
    const plan = planMergeTree(patches, fanIn, ctx.config.maxLevels);
    walk = createTreeWalk(plan, readyNode, (l, i) => outputs[l]?.has(i) ?? false, (l, i) => begun.has(`${l}.${i}`));
    walk.offerAll();
  };

  const launch = () => {
    for (let level = 1; level <= ctx.config.maxLevels && !controller.signal.aborted; level++) {
      const known = certainBelow(outputs[0]!.size, level, fanIn);
      const below = outputs[level - 1]!;
      const here = (outputs[level] ??= new Map());
      lowest[level] ??= firstCertain;
      while (begun.has(`${level}.${lowest[level]}`)) lowest[level]!++;
      for (let j = lowest[level]!; j < known; j++) {
        if (begun.has(`${level}.${j}`)) continue;
        const inputs = Array.from({ length: fanIn }, (_, k) => below.get(j * fanIn + k));
        if (inputs.every((p) => p !== undefined)) start(level, j, inputs, here);
      }
    }
  };

  return {
    begin(positions) {
      const order = [...positions].sort((a, b) => a - b);
      slotOf = new Map(order.map((p, i) => [p, i]));
      settled = new Array(order.length);
    },
    settle(position, patch) {
      const slot = slotOf.get(position);
      if (slot === undefined || settled[slot] !== undefined) return;
      settled[slot] = patch;
      const before = outputs[0]!.size;
      for (; frontier < settled.length && settled[frontier] !== undefined; frontier++) {
        const p = settled[frontier];
        if (p) outputs[0]!.set(outputs[0]!.size, p);
      }
      if (frontier === settled.length && !walk) planTree(outputs[0]!.size);
      else if (outputs[0]!.size > before) launch();
    },
    pending: (stepKey) => started.get(stepKey)?.catch(() => undefined),
    cancel() {
      stopWithRun();
      controller.abort(new AppError("conflict:run_stopped", "The merges started ahead are no longer needed."));
    },
    drain: async () => {
      // Merges end by launching the next ones; wait until no new one appears.
      for (let seen = -1; seen !== started.size; ) {
        seen = started.size;
        await Promise.allSettled(started.values());
      }
    },
  };
}
