import type { TTrajectory } from "../traces/model";
import { maskText } from "../traces/secrets";
import { finishLessonSet, requireLlm, toDraftItems } from "./analyst-common";
import { compactTrajectory } from "./compact";
import type { TAnalyseOptions, TDistillDeps } from "./contracts";
import { findGraderEvidence, renderGraderEvidence } from "./grader";
import { MAX_MEMORY_ITEMS, ZErrorAnalystResponse, type TLessonSet, type TSkipped } from "./lessons";
import { loadPrompt, renderPrompt } from "./prompts";

// The error analyst A⁻ as one LLM call (the official "+Error LLM" variant): the log, plus the
// grader's verdict or expected answer when the trajectory carries one — the official agentic
// analyst gets gold.xlsx and a scorer for the same reason — with the instruction never to mention it.

export const ERROR_ANALYST_PROMPT = "error-analyst";

const OUTCOME_NOTE = {
  failure: "A grader marked this run as failed.",
  unverified:
    "No grader labelled this run: its outcome is unknown. Analyse only the errors and mistakes the log itself shows (failed tool calls, wrong assumptions, abandoned attempts); do not assume the task as a whole failed, and return no cause you cannot point to in the log.",
};

export type TErrorAnalystOptions = TAnalyseOptions & { /** Set by the router for unknown-outcome runs analysed on opt-in. */ unverified?: boolean };

export async function analyseFailure(trajectory: TTrajectory, deps: TDistillDeps, opts: TErrorAnalystOptions): Promise<TLessonSet | TSkipped> {
  const llm = requireLlm(deps);
  const compacted = compactTrajectory(trajectory, { ...opts.compact, maskSecrets: opts.maskSecrets });
  const evidence = findGraderEvidence(trajectory);
  const mask = (s: string) => (opts.maskSecrets ? maskText(s) : s);
  const graderSection = evidence
    ? `Grader evidence (for your diagnosis only; never mention it in what you write):\n${renderGraderEvidence(evidence, 2000, mask)}`
    : "No grader evidence is available beyond the outcome.";
  const template = loadPrompt(ERROR_ANALYST_PROMPT, opts.prompts);
  const messages = renderPrompt(template, {
    outcome_note: opts.unverified ? OUTCOME_NOTE.unverified : OUTCOME_NOTE.failure,
    grader_section: graderSection,
    trajectory: compacted.text,
    max_memory: MAX_MEMORY_ITEMS,
  });
  const res = await llm.structured({
    role: "analyst",
    schema: ZErrorAnalystResponse,
    schemaName: "error_analysis",
    messages,
    runId: opts.runId,
    stepKey: opts.stepKey ?? `analysis:${trajectory.externalId}`,
    temperature: opts.temperature,
    signal: opts.signal,
  });
  return finishLessonSet({
    trajectory,
    analyst: "error",
    perspective: "error",
    items: [...toDraftItems("failure_cause", res.value.failure_causes), ...toDraftItems("failure_memory", res.value.failure_memories)],
    usage: res.usage,
    model: res.model,
    attempts: res.attempts,
    prompts: { [template.name]: template.version },
    sawGraderEvidence: Boolean(evidence),
  });
}
