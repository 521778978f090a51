import type { TTrajectory } from "../traces/model";
import type { TAnalyseOptions, TDistillDeps } from "./contracts";
import { analyseFailure } from "./error-analyst";
import type { TAnalysisResult, TSkipped } from "./lessons";
import { findErrorPositions } from "./signals";
import { analyseSuccess } from "./success-analyst";

// Which analyst a trajectory goes to. Shared by the LLM and the rule-based analyst so both skip
// and route the same way (the policy for unknown outcomes is documented on TAnalyseOptions).

export type TRoute = { analyst: "error"; unverified: boolean } | { analyst: "success" } | TSkipped;

export function routeTrajectory(t: TTrajectory, opts: Pick<TAnalyseOptions, "analyseUnknown">): TRoute {
  if (!t.steps.length) return { kind: "skipped", reason: "no_steps" };
  if (t.outcome === "failure") return { analyst: "error", unverified: false };
  if (t.outcome === "success") return { analyst: "success" };
  if (!opts.analyseUnknown) return { kind: "skipped", reason: "unknown_outcome" };
  if (!findErrorPositions(t.steps).length) return { kind: "skipped", reason: "unknown_outcome_no_errors" };
  return { analyst: "error", unverified: true };
}

/** The LLM analysis of one trajectory: error analyst for failures, success analyst for successes. */
export async function analyseTrajectory(t: TTrajectory, deps: TDistillDeps, opts: TAnalyseOptions): Promise<TAnalysisResult> {
  const route = routeTrajectory(t, opts);
  if ("kind" in route) return route;
  return route.analyst === "error" ? analyseFailure(t, deps, { ...opts, unverified: route.unverified }) : analyseSuccess(t, deps, opts);
}
