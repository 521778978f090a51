import type { Llm } from "../llm/types";
import type { TTrajectory } from "../traces/model";
import type { TCompactOptions } from "./compact";
import type { TAnalysisResult } from "./lessons";
import type { TPromptOptions } from "./prompts";
import type { TPoolProfile } from "./rule-features";

// The shapes the run orchestration swaps implementations behind: the LLM analysts/mapper and the
// rule-based ones take the same arguments and return the same results, so "no LLM configured" is a
// choice of function, not a branch through the pipeline.

/** The rule-based implementations ignore `llm`; the LLM ones fail without it. */
export type TDistillDeps = { llm?: Llm };

export type TAnalyseOptions = {
  /** Callers pass env().T2S_MASK_SECRETS: masked secrets stay masked in everything an LLM sees. */
  maskSecrets: boolean;
  /**
   * Analyse trajectories no grader labelled. Off by default (the official pipeline only analyses
   * labelled logs). When on, an unknown run goes to the error analyst in "unverified" mode, which
   * only diagnoses the errors the log shows, and a run without any error step is skipped: a success
   * lesson from an unverified run could teach the skill a wrong answer, while an error the log
   * shows is a fact whatever the outcome (and +Error is the paper's most reliable signal).
   */
  analyseUnknown?: boolean;
  runId?: string;
  /** Durable-step key of the call (default "analysis:<externalId>"). */
  stepKey?: string;
  compact?: Omit<TCompactOptions, "maskSecrets">;
  prompts?: TPromptOptions;
  /** Pool-level statistics for the rule-based analyst (success/failure contrast); the LLM analysts ignore it. */
  poolProfile?: TPoolProfile;
  temperature?: number;
  signal?: AbortSignal;
};

export type TAnalyseFn = (trajectory: TTrajectory, deps: TDistillDeps, opts: TAnalyseOptions) => Promise<TAnalysisResult>;
