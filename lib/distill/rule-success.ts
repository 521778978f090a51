import type { TTrajectory } from "../traces/model";
import type { TLeanPath } from "./lessons";
import { clipText, describeCall, collectErrorEvents, findReasonFor, buildRecoveryItem, findResultOfCall, toStepIndices, findSuccessfulCalls, type TDraft } from "./rule-evidence";
import { describeFeature, collectFeatures, type TPoolProfile } from "./rule-features";

// Success-perspective rules (./rule-based.md): the lean path is the calls that worked, failed
// attempts removed; memories are the recoveries this run made, the calls successful runs share
// and failed runs lack (with a pool profile), and otherwise the winning call sequence itself.

const MAX_LEAN_STEPS = 12;
const MIN_CONTRAST_RUNS = 3;

export function buildLeanPath(t: TTrajectory): TLeanPath {
  const calls = findSuccessfulCalls(t.steps);
  const failed = t.steps.filter((s) => s.kind === "tool_call").length - calls.length;
  // Keep the last calls when there are many: the end of a successful run is where the result is made and checked.
  const kept = calls.length > MAX_LEAN_STEPS ? calls.slice(calls.length - MAX_LEAN_STEPS) : calls;
  return {
    overview: `${calls.length} tool call(s) contributed to the result${failed ? `; ${failed} failed attempt(s) are left out` : ""}${kept.length < calls.length ? `; the last ${kept.length} are listed` : ""}.`,
    steps: kept.map((p) => {
      const reason = findReasonFor(t.steps, p);
      return { title: describeCall(t.steps[p]), description: reason ? clipText(reason, 200) : "Ran without error.", stepRefs: toStepIndices(t, [reason ? p - 1 : undefined, p, findResultOfCall(t.steps, p)]) };
    }),
  };
}

function buildContrastItems(t: TTrajectory, profile?: TPoolProfile): TDraft[] {
  if (!profile || profile.successes < MIN_CONTRAST_RUNS || profile.failures < MIN_CONTRAST_RUNS) return [];
  const s = (n: number) => n / profile.successes;
  const f = (n: number) => n / profile.failures;
  return [...collectFeatures(t).entries()]
    .map(([feature, steps]) => ({ feature, steps, c: profile.features[feature] ?? { success: 0, failure: 0 } }))
    .filter(({ c }) => s(c.success) >= 0.4 && s(c.success) - f(c.failure) >= 0.3)
    .sort((a, b) => s(b.c.success) - f(b.c.failure) - (s(a.c.success) - f(a.c.failure)) || a.feature.localeCompare(b.feature))
    .slice(0, 2)
    .map(({ feature, steps, c }) => {
      const stat = `${c.success} of ${profile.successes} successful runs and ${c.failure} of ${profile.failures} failed runs`;
      return {
        kind: "success_memory" as const,
        title: `Keep using ${describeFeature(feature)}`,
        description: `This run used ${describeFeature(feature)} (step ${steps[0]}), as did ${stat}.`,
        content: `In this pool ${describeFeature(feature)} appears in ${stat}. Make it a standard step for this kind of task.`,
        stepRefs: steps.slice(0, 3),
      };
    });
}

function buildSequenceItem(t: TTrajectory): TDraft | undefined {
  const calls = findSuccessfulCalls(t.steps);
  if (!calls.length) return undefined;
  const names: string[] = [];
  for (const p of calls) {
    const d = describeCall(t.steps[p]);
    if (names.at(-1) !== d) names.push(d);
  }
  const shown = names.length > 4 ? [...names.slice(0, 2), "…", ...names.slice(-2)] : names;
  return {
    kind: "success_memory",
    title: "Follow the winning call sequence",
    description: `The run succeeded with ${calls.length} successful tool call(s), from step ${t.steps[calls[0]].index} to step ${t.steps[calls.at(-1)!].index}.`,
    content: `The sequence was: ${shown.join(" → ")}. Keep its order: inspect the inputs first and check the result last.`,
    stepRefs: toStepIndices(t, [calls[0], calls.length > 2 ? calls[Math.floor(calls.length / 2)] : undefined, calls.at(-1)]),
  };
}

export function buildSuccessItems(t: TTrajectory, profile?: TPoolProfile): TDraft[] {
  const seen = new Set<string>();
  const recoveries = collectErrorEvents(t)
    .filter((e) => e.recovery !== undefined && e.call !== undefined && !seen.has(e.signature) && seen.add(e.signature))
    .map((e) => buildRecoveryItem(t, e, "success_memory"));
  const items = [...buildContrastItems(t, profile), ...recoveries];
  if (!items.length) {
    const seq = buildSequenceItem(t);
    if (seq) items.push(seq);
  }
  return items.slice(0, 3);
}
