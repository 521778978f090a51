import { z } from "zod";
import type { TDistillDeps } from "./contracts";
import { runDurableStep } from "./durable-step";
import type { TMergeOutput } from "./merge";
import { hashOf, type TRunContext } from "./run-context";
import { patchKey, type TOutcomeOf, type TSourcedPatch } from "./sourced-edit";

// One REDUCE node's merger call as a durable step, shared by the merge stage and the merges it
// finds already done ahead (merge-ahead.ts). The key holds a hash of the inputs' edits, so the same
// inputs reuse the stored answer and changed inputs merge again.

const ZMergeStep = z.custom<TMergeOutput>((v) => typeof v === "object" && v !== null && "patch" in v);

export function mergeStepKey(level: number, index: number, inputs: readonly Pick<TSourcedPatch, "edits">[]): string {
  return `merge:${patchKey(level, index)}:${hashOf(inputs.map((p) => p.edits))}`;
}

export async function runMergeStep(ctx: TRunContext, deps: TDistillDeps, level: number, index: number, inputs: TSourcedPatch[], outcomeOf: TOutcomeOf): Promise<TMergeOutput> {
  const key = patchKey(level, index);
  const { value } = await runDurableStep(
    ctx.runId,
    mergeStepKey(level, index, inputs),
    ZMergeStep,
    () => ctx.impl.merge(key, inputs, deps, { base: ctx.base, runMode: ctx.runMode, outcomeOf, runId: ctx.runId, temperature: ctx.config.temperature, signal: ctx.signal }),
    { rows: (v) => ({ usage: v.usage }) },
  );
  return value;
}
