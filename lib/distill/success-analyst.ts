import type { TTrajectory } from "../traces/model";
import { finishLessonSet, requireLlm, toDraftItems } from "./analyst-common";
import { compactTrajectory } from "./compact";
import type { TAnalyseOptions, TDistillDeps } from "./contracts";
import { limitSentences, MAX_MEMORY_ITEMS, ZSuccessAnalystResponse, type TLessonSet, type TSkipped } from "./lessons";
import { loadPrompt, renderPrompt } from "./prompts";

// The success analyst A⁺: one LLM call per successful log, a lean solution path (kept for the
// curator and for MAP) and at most three success memory items. Like the official analyst it gets
// no grader evidence: the outcome is all it needs, and there is nothing to leak.

export const SUCCESS_ANALYST_PROMPT = "success-analyst";

export async function analyseSuccess(trajectory: TTrajectory, deps: TDistillDeps, opts: TAnalyseOptions): Promise<TLessonSet | TSkipped> {
  const llm = requireLlm(deps);
  const compacted = compactTrajectory(trajectory, { ...opts.compact, maskSecrets: opts.maskSecrets });
  const template = loadPrompt(SUCCESS_ANALYST_PROMPT, opts.prompts);
  const res = await llm.structured({
    role: "analyst",
    schema: ZSuccessAnalystResponse,
    schemaName: "success_analysis",
    messages: renderPrompt(template, { trajectory: compacted.text, max_memory: MAX_MEMORY_ITEMS }),
    runId: opts.runId,
    stepKey: opts.stepKey ?? `analysis:${trajectory.externalId}`,
    temperature: opts.temperature,
    signal: opts.signal,
  });
  const path = res.value.lean_solution_path;
  return finishLessonSet({
    trajectory,
    analyst: "success",
    perspective: "success",
    items: toDraftItems("success_memory", res.value.success_memories),
    leanPath: {
      overview: limitSentences(path.overview, 3),
      steps: path.steps.map((s) => ({ title: s.title.trim(), description: limitSentences(s.description, 1), stepRefs: s.stepRefs })).filter((s) => s.title),
    },
    usage: res.usage,
    model: res.model,
    attempts: res.attempts,
    prompts: { [template.name]: template.version },
    sawGraderEvidence: false,
  });
}
