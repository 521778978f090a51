import type { TTrajectory } from "../traces/model";
import { maskTrajectoryForLlm } from "../traces/secrets";
import { finishLessonSet } from "./analyst-common";
import { routeTrajectory } from "./analyse-trajectory";
import type { TAnalyseOptions, TDistillDeps } from "./contracts";
import type { TAnalysisResult } from "./lessons";
import { quoteCode, describeCall, collectErrorEvents, buildRecoveryItem, toStepIndices as idx, findSuccessfulCalls, type TDraft, type TErrorEvent } from "./rule-evidence";
import { describeFeature, collectFeatures, type TPoolProfile } from "./rule-features";
import { buildLeanPath, buildSuccessItems } from "./rule-success";

// The analyst used when no LLM is configured (rules documented in ./rule-based.md). Same signature
// and result shape as analyseTrajectory; items are derived only from the steps (and, with a pool
// profile, from how often successful and failed runs used the same calls). It never reads grader
// metadata, so no expected answer can reach a lesson. Output is marked analyst: "rule-based".

const MAX_CAUSES = 5;
/** Contrast rules need this many labelled runs on each side to mean anything. */
export const MIN_CONTRAST_RUNS = 3;

const runs = (n: number) => `${n} run${n === 1 ? "" : "s"}`;

function buildRepeatedItems(t: TTrajectory, events: TErrorEvent[], profile?: TPoolProfile): TDraft[] {
  const bySig = new Map<string, TErrorEvent[]>();
  for (const e of events) bySig.set(e.signature, [...(bySig.get(e.signature) ?? []), e]);
  return [...bySig.entries()]
    .filter(([, es]) => es.length >= 2)
    .map(([sig, es]) => {
      const pool = profile?.signatures[sig];
      const spread = pool && pool.failure > 1 ? ` The same signature appears in ${runs(pool.failure)} that failed and ${runs(pool.success)} that succeeded in this pool.` : "";
      return {
        kind: "failure_cause" as const,
        title: `Repeated the failing approach (${es.length}× ${quoteCode(sig)})`,
        description: `The same error ${quoteCode(sig)} occurred ${es.length} times, at steps ${idx(t, es.map((e) => e.at)).join(", ")}.`,
        content: `The agent retried without changing what caused ${quoteCode(sig)}, so every attempt failed the same way.${spread} After an error, change the approach before retrying.`,
        stepRefs: idx(t, es.flatMap((e) => [e.call, e.at])),
      };
    });
}

function buildEndingItem(t: TTrajectory, events: TErrorEvent[]): TDraft | undefined {
  const last = t.steps.length - 1;
  const unresolved = events.filter((e) => e.recovery === undefined).at(-1);
  const failed = t.outcome === "failure";
  if (unresolved && (failed || unresolved === events.at(-1))) {
    return {
      kind: "failure_cause",
      title: `Unresolved error ${quoteCode(unresolved.signature)}`,
      description: `The error ${quoteCode(unresolved.line)} at step ${t.steps[unresolved.at].index} was never followed by a successful ${unresolved.tool ?? "retry"}${failed ? " and the run then ended in failure" : ""}.`,
      content: `Nothing after step ${t.steps[unresolved.at].index} fixed ${quoteCode(unresolved.signature)}${failed ? `, and the run ended at step ${t.steps[last].index} without a usable result` : ""}. Diagnose an error before moving on, and do not finish while it is unresolved.`,
      stepRefs: idx(t, [unresolved.call, unresolved.at, failed ? last : undefined]),
    };
  }
  if (!failed) return undefined;
  const calls = findSuccessfulCalls(t.steps);
  const lastCall = calls.at(-1);
  return {
    kind: "failure_cause",
    title: "Finished with a silent mistake",
    description: `The run failed although its last tool call${lastCall === undefined ? "" : ` (step ${t.steps[lastCall].index}, ${describeCall(t.steps[lastCall])})`} showed no error.`,
    content: `The mistake is in what the result contains, not in a crash, so nothing in the tool output warned the agent. Before finishing, check the result against every requirement of the instruction (where it must be written, its format, what must stay unchanged).`,
    stepRefs: idx(t, [calls.at(-2), lastCall, last]),
  };
}

function buildContrastItems(t: TTrajectory, profile: TPoolProfile | undefined): TDraft[] {
  if (!profile || profile.successes < MIN_CONTRAST_RUNS || profile.failures < MIN_CONTRAST_RUNS) return [];
  const features = collectFeatures(t);
  const share = (n: number, of: number) => n / of;
  const out: TDraft[] = [];
  const risky = [...features.entries()]
    .map(([f, steps]) => ({ f, steps, c: profile.features[f] ?? { success: 0, failure: 0 } }))
    .filter(({ c }) => c.failure >= 2 && share(c.success, profile.successes) <= 0.1 && share(c.failure, profile.failures) >= 3 * share(c.success, profile.successes) + 0.05)
    .sort((a, b) => b.c.failure - a.c.failure || a.f.localeCompare(b.f))
    .slice(0, 2);
  for (const { f, steps, c } of risky) {
    const stat = `${c.failure} of ${profile.failures} failed runs and ${c.success} of ${profile.successes} successful runs`;
    out.push({ kind: "failure_cause", title: `Used ${describeFeature(f)}, a failure pattern`, description: `This run used ${describeFeature(f)} (step ${steps[0]}), which ${stat} in the pool used.`, content: `${describeFeature(f)} is strongly associated with failure here (${stat}). The approach taken at step ${steps[0]} is the likely place where the result went wrong.`, stepRefs: steps.slice(0, 3) });
    out.push({ kind: "failure_memory", title: `Avoid ${describeFeature(f)}`, description: `This run used ${describeFeature(f)} at step ${steps[0]}, like ${c.failure} of ${profile.failures} failed runs and ${c.success} of ${profile.successes} successful runs.`, content: `In this pool ${describeFeature(f)} appears in ${stat}. Avoid it for this kind of task and take the approach successful runs take.`, stepRefs: steps.slice(0, 3) });
  }
  const lastCalls = idx(t, findSuccessfulCalls(t.steps).slice(-1).concat([t.steps.length - 1]));
  const missing = Object.entries(profile.features)
    .map(([f, c]) => ({ f, c, lift: share(c.success, profile.successes) - share(c.failure, profile.failures) }))
    .filter(({ f, c, lift }) => !features.has(f) && share(c.success, profile.successes) >= 0.4 && lift >= 0.3)
    .sort((a, b) => b.lift - a.lift || a.f.localeCompare(b.f))
    .slice(0, 2);
  for (const { f, c } of missing) {
    const stat = `${c.success} of ${profile.successes} successful runs used ${describeFeature(f)}, against ${c.failure} of ${profile.failures} failed runs`;
    out.push({ kind: "failure_memory", title: `Use ${describeFeature(f)} like successful runs`, description: `${stat}, and this run never did (it ended at step ${lastCalls.at(-1)}).`, content: `In this pool ${stat}. Make ${describeFeature(f)} part of the workflow for this kind of task.`, stepRefs: lastCalls });
  }
  return out;
}

/** Error-perspective items: causes first (unresolved ending, repeats, risky patterns), then memories (contrast, recoveries). */
export function buildErrorItems(t: TTrajectory, profile?: TPoolProfile): TDraft[] {
  const events = collectErrorEvents(t);
  const contrast = buildContrastItems(t, profile);
  const ending = buildEndingItem(t, events);
  const causes = [...(ending ? [ending] : []), ...buildRepeatedItems(t, events, profile), ...contrast.filter((i) => i.kind === "failure_cause")];
  const seen = new Set<string>();
  const recoveries = events.filter((e) => e.recovery !== undefined && e.call !== undefined && !seen.has(e.signature) && seen.add(e.signature)).map((e) => buildRecoveryItem(t, e, "failure_memory"));
  const memories = [...contrast.filter((i) => i.kind === "failure_memory"), ...recoveries].slice(0, 3);
  // An unknown-outcome run with only recovered errors has no cause, only memories.
  return [...causes.slice(0, MAX_CAUSES), ...memories];
}

/** The rule-based analysis of one trajectory (same routing and result shape as the LLM analysts). */
export async function analyseTrajectoryByRules(trajectory: TTrajectory, _deps: TDistillDeps, opts: TAnalyseOptions): Promise<TAnalysisResult> {
  // Lessons quote commands and error lines and may end up in a published skill, so they are built
  // from the masked trajectory, like everything an LLM analyst sees.
  const t = maskTrajectoryForLlm(trajectory, { mask: opts.maskSecrets });
  const route = routeTrajectory(t, opts);
  if ("kind" in route) return route;
  const success = route.analyst === "success";
  const items = success ? buildSuccessItems(t, opts.poolProfile) : buildErrorItems(t, opts.poolProfile);
  return finishLessonSet({
    trajectory: t,
    analyst: "rule-based",
    perspective: success ? "success" : "error",
    items,
    ...(success ? { leanPath: buildLeanPath(t) } : {}),
    usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
    model: "rule-based",
    attempts: 0,
    prompts: {},
    sawGraderEvidence: false,
  });
}
