import { runMergeStep, mergeStepKey } from "./merge-step";
import type { TRunContext } from "./run-context";
import { outcomeLookup } from "./stage-reduce";
import type { TSourcedPatch } from "./sourced-edit";

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
// The merge stage then finds its answer stored. A wrong guess would only cost a call, never a
// different result: the stage computes every key itself.

export type TMergeAhead = {
  /** A position's MAP patch once stored; null when it has none (no edits, skipped or failed). Once per position. */
  settle(position: number, patch: TSourcedPatch | null): void;
  /** The merge started ahead under this step key, if any: the merge stage waits for it rather than claim it twice. */
  pending(stepKey: string): Promise<unknown> | undefined;
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

export const NO_MERGE_AHEAD: TMergeAhead = { settle: () => undefined, pending: () => undefined, drain: async () => undefined };

/** For a run of LLM merges whose MAP patches come from `positions` (in any order). */
export function createMergeAhead(ctx: TRunContext, positions: readonly number[]): TMergeAhead {
  if (ctx.impl.kind !== "llm" || positions.length === 0) return NO_MERGE_AHEAD;
  const fanIn = ctx.config.fanIn;
  const firstCertain = firstCertainIndex(fanIn);
  const order = [...positions].sort((a, b) => a - b);
  const slotOf = new Map(order.map((p, i) => [p, i]));
  const settled: (TSourcedPatch | null | undefined)[] = new Array(order.length);
  let frontier = 0;
  // outputs[0]: the MAP patches with edits, in position order; outputs[ℓ]: level ℓ's merged patches by index.
  const outputs: Map<number, TSourcedPatch>[] = [new Map()];
  const started = new Map<string, Promise<unknown>>();
  const outcomes = outcomeLookup(ctx.runId);
  outcomes.catch(() => undefined);

  // Per level, the lowest index not begun yet (nodes become ready roughly in index order).
  const lowest: number[] = [];
  const begun = new Set<string>();

  const launch = () => {
    for (let level = 1; level <= ctx.config.maxLevels && !ctx.signal.aborted; level++) {
      const known = certainBelow(outputs[0]!.size, level, fanIn);
      const below = outputs[level - 1]!;
      const here = (outputs[level] ??= new Map());
      lowest[level] ??= firstCertain;
      while (begun.has(`${level}.${lowest[level]}`)) lowest[level]!++;
      for (let j = lowest[level]!; j < known; j++) {
        if (begun.has(`${level}.${j}`)) continue;
        const inputs = Array.from({ length: fanIn }, (_, k) => below.get(j * fanIn + k));
        if (inputs.some((p) => p === undefined)) continue;
        begun.add(`${level}.${j}`);
        const ready = inputs as TSourcedPatch[];
        const run = outcomes
          .then((outcomeOf) => runMergeStep(ctx, ctx.spareDeps, level, j, ready, outcomeOf))
          .then((out) => {
            here.set(j, out.patch);
            launch();
          });
        // A merge that fails here is merged again by the stage, which reports it.
        run.catch(() => undefined);
        started.set(mergeStepKey(level, j, ready), run);
      }
    }
  };

  return {
    settle(position, patch) {
      const slot = slotOf.get(position);
      if (slot === undefined || settled[slot] !== undefined) return;
      settled[slot] = patch;
      let grew = false;
      while (frontier < order.length && settled[frontier] !== undefined) {
        const p = settled[frontier++];
        if (p) outputs[0]!.set(outputs[0]!.size, p), (grew = true);
      }
      if (grew) launch();
    },
    pending: (stepKey) => started.get(stepKey)?.catch(() => undefined),
    drain: async () => {
      // Merges end by launching the next ones; wait until no new one appears.
      for (let seen = -1; seen !== started.size; ) {
        seen = started.size;
        await Promise.allSettled(started.values());
      }
    },
  };
}

/**
 * A MAP patch as the merge stage will read it back (stage-reduce.ts loadMapPatches), or null when
 * it proposes nothing. Its edits hash the same either way (hashOf ignores key order; the mapper's
 * edits are schema-checked, so the read-back's parse drops nothing).
 */
export function mapPatchAsStored(patch: TSourcedPatch): TSourcedPatch | null {
  return patch.edits.length === 0 ? null : patch;
}
