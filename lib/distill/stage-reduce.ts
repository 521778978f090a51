import { z } from "zod";
import { db } from "../db/client";
import type { TMergeOutput } from "./merge";
import type { TMergeAhead } from "./merge-ahead";
import { passThrough } from "./merge-node";
import { planMergeTree } from "./merge-plan";
import { mergeStepKey, runMergeStep } from "./merge-step";
import { forEachLimited, type TRunContext } from "./run-context";
import { patchKey, unionSorted, ZSourcedEdit, type TOutcomeOf, type TSourcedPatch } from "./sourced-edit";
import { linkPatchParents, upsertPatch } from "./step-store";

// Stage 3 of a run: the hierarchical merge of the MAP patches into one. Each node's step key holds
// a hash of its inputs, so a node whose inputs did not change (after a curator rejected a lesson
// elsewhere) reuses its stored answer and only the affected path is merged again. Nodes with one
// input are carried up without a call. Every node is a Patch row (level, index) for the inspector.
// Nodes that merge-ahead.ts already merged while the MAP calls went on are found stored.

export async function loadMapPatches(runId: string): Promise<(TSourcedPatch & { rowId: string })[]> {
  const rows = await db().patch.findMany({ where: { runId, level: 0, status: "ok" }, orderBy: { index: "asc" } });
  return rows
    .map((r) => ({ rowId: r.id, key: patchKey(0, r.index), reasoning: r.reasoning, edits: z.array(ZSourcedEdit).parse(r.edits), changelog_entries: r.changelog as string[] }))
    .filter((p) => p.edits.length > 0);
}

export async function outcomeLookup(runId: string): Promise<TOutcomeOf> {
  const rows = await db().trajectory.findMany({ where: { analyses: { some: { runId } } }, select: { id: true, outcome: true } });
  const byId = new Map(rows.map((r) => [r.id, r.outcome]));
  return (id) => byId.get(id) ?? "unknown";
}

/** Merges the run's MAP patches; returns the final patch (null when no trajectory proposed an edit). */
export async function runReduceStage(ctx: TRunContext, ahead?: TMergeAhead): Promise<TSourcedPatch | null> {
  const mapPatches = await loadMapPatches(ctx.runId);
  if (mapPatches.length === 0) return null;
  // Rows of an earlier merge that the current inputs no longer produce (fewer patches now).
  const plan = planMergeTree(mapPatches.length, ctx.config.fanIn, ctx.config.maxLevels);
  await db().patch.deleteMany({ where: { runId: ctx.runId, level: { gt: plan.levels.length } } });
  const outcomeOf = await outcomeLookup(ctx.runId);
  let current: (TSourcedPatch & { rowId?: string })[] = mapPatches;
  // A node merged ahead, or still merging, is waited for rather than claimed a second time.
  const merge = async (level: number, index: number, inputs: TSourcedPatch[]) => {
    const stepKey = mergeStepKey(level, index, inputs);
    await ahead?.pending(stepKey);
    return runMergeStep(ctx, ctx.deps, { level, index, inputs, stepKey }, outcomeOf);
  };

  for (const nodes of plan.levels) {
    const level = nodes[0]!.level;
    const outputs: (TSourcedPatch & { rowId: string })[] = new Array(nodes.length);
    await forEachLimited(nodes, ctx.lanes, ctx.signal, async (node) => {
      const key = patchKey(node.level, node.index);
      const inputs = node.inputs.map((i) => current[i]!);
      const result: TMergeOutput =
        inputs.length === 1
          ? { ...passThrough(key, inputs), merger: ctx.impl.kind, usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 }, attempts: 0 }
          : await merge(node.level, node.index, inputs);
      const rowId = await upsertPatch({
        runId: ctx.runId,
        level,
        index: node.index,
        status: result.status === "passed_through" ? "passthrough" : node.forced ? "forced" : "ok",
        inputIds: inputs.map((p) => p.rowId ?? p.key),
        sourceTrajectoryIds: unionSorted(result.patch.edits.map((e) => e.trajectoryIds)),
        sourceLessonIds: unionSorted(result.patch.edits.map((e) => e.lessonIds)),
        reasoning: result.patch.reasoning,
        edits: result.patch.edits,
        changelog: result.patch.changelog_entries,
        detail: { merger: result.merger, node: result.status, origins: result.origins, discarded: result.discarded, dropped: result.dropped, inputKeys: inputs.map((p) => p.key) },
        error: result.error ?? null,
      });
      outputs[node.index] = { ...result.patch, rowId };
    });
    if (ctx.signal.aborted) return null;
    await db().patch.deleteMany({ where: { runId: ctx.runId, level, index: { gte: nodes.length } } });
    await linkParents(current, outputs, nodes);
    current = outputs;
  }
  return current[0] ?? null;
}

async function linkParents(children: { rowId?: string }[], parents: { rowId: string }[], nodes: { index: number; inputs: number[] }[]): Promise<void> {
  const links = nodes.flatMap((node) => node.inputs.flatMap((i) => (children[i]!.rowId ? [{ id: children[i]!.rowId, parentId: parents[node.index]!.rowId }] : [])));
  if (links.length) await linkPatchParents(links);
}
