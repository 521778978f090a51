import { z } from "zod";
import type { TDistillDeps } from "./contracts";
import { runDurableStepInBackground } from "./durable-step";
import type { TMergeOutput } from "./merge";
import { canonicalHashOf, type TRunContext } from "./run-context";
import { patchKey, type TOutcomeOf, type TSourcedPatch } from "./sourced-edit";

// One REDUCE node's merger call as a durable step, shared by the merge stage and the merges it
// finds already done ahead (merge-ahead.ts). The key holds a hash of the inputs' edits, so the same
// inputs reuse the stored answer and changed inputs merge again. The hash ignores key order: a node's
// inputs are fresh answers or answers read back from jsonb, and both must give the same key.

const ZMergeStep = z.custom<TMergeOutput>((v) => typeof v === "object" && v !== null && "patch" in v);

export function mergeStepKey(level: number, index: number, inputs: readonly Pick<TSourcedPatch, "edits">[]): string {
  return `merge:${patchKey(level, index)}:${canonicalHashOf(inputs.map((p) => p.edits))}`;
}

export type TMergeNodeCall = { level: number; index: number; inputs: TSourcedPatch[]; stepKey: string };

/** The node's merge, once stored; `signal` stops it (the run's, or a narrower one). */
export async function runMergeStep(ctx: TRunContext, deps: TDistillDeps, node: TMergeNodeCall, outcomeOf: TOutcomeOf, signal: AbortSignal = ctx.signal): Promise<TMergeOutput> {
  const { value, committed } = await startMergeStep(ctx, deps, node, outcomeOf, signal);
  await committed;
  return value;
}

/** The node's merge as soon as it is answered, and its commit (so the node above need not wait for the database). */
export async function startMergeStep(
  ctx: TRunContext,
  deps: TDistillDeps,
  node: TMergeNodeCall,
  outcomeOf: TOutcomeOf,
  signal: AbortSignal = ctx.signal,
): Promise<{ value: TMergeOutput; committed: Promise<void> }> {
  const key = patchKey(node.level, node.index);
  return runDurableStepInBackground(
    ctx.runId,
    node.stepKey,
    ZMergeStep,
    () => ctx.impl.merge(key, node.inputs, deps, { base: ctx.base, runMode: ctx.runMode, outcomeOf, runId: ctx.runId, temperature: ctx.config.temperature, signal }),
    { rows: (v) => ({ usage: v.usage }) },
  );
}
