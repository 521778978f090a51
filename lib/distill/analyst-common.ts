import { AppError } from "../errors";
import type { Llm, TLlmUsage } from "../llm/types";
import type { TTrajectory } from "../traces/model";
import { addCitationCounts, validateCitations } from "./citations";
import type { TDistillDeps } from "./contracts";
import { limitSentences, MAX_MEMORY_ITEMS, type TAnalystKind, type TLeanPath, type TLessonItem, type TLessonKind, type TLessonSet, type TSkipped, type TWireItem } from "./lessons";

// What the analysts share after their LLM call: trimming to the official item shape, the memory
// cap, numbering and citation checks, so every analyst returns the same TLessonSet.

export function requireLlm(deps: TDistillDeps): Llm {
  if (!deps.llm) throw new AppError("internal", "an LLM analyst or mapper was called without deps.llm; use the rule-based one when no LLM is configured");
  return deps.llm;
}

type TDraftItem = Omit<TLessonItem, "number">;

export function toDraftItems(kind: TLessonKind, items: TWireItem[]): TDraftItem[] {
  return items
    .map((i) => ({ kind, title: i.title.replace(/\s+/g, " ").trim(), description: limitSentences(i.description, 1), content: limitSentences(i.content, 3), stepRefs: i.stepRefs }))
    .filter((i) => i.title && i.description && i.content);
}

export type TFinishInput = {
  trajectory: TTrajectory;
  analyst: TAnalystKind;
  perspective: "error" | "success";
  items: TDraftItem[];
  leanPath?: TLeanPath;
  usage: TLlmUsage;
  model: string;
  attempts: number;
  prompts: Record<string, string>;
  sawGraderEvidence: boolean;
};

/** Memory items capped, citations validated, items numbered per kind; skipped when nothing survives. */
export function finishLessonSet(input: TFinishInput): TLessonSet | TSkipped {
  const steps = input.trajectory.steps.map((s) => s.index);
  let truncated = 0;
  const perKind = new Map<TLessonKind, number>();
  const capped = input.items.filter((i) => {
    if (i.kind === "failure_cause") return true;
    const n = (perKind.get(i.kind) ?? 0) + 1;
    perKind.set(i.kind, n);
    if (n > MAX_MEMORY_ITEMS) truncated++;
    return n <= MAX_MEMORY_ITEMS;
  });
  const checked = validateCitations(capped, steps);
  const leanChecked = input.leanPath ? validateCitations(input.leanPath.steps, steps) : undefined;
  const counts = leanChecked ? addCitationCounts(checked.counts, leanChecked.counts) : checked.counts;
  if (!checked.items.length) return { kind: "skipped", reason: "no_lessons", detail: input.items.length ? "no item cited an existing step" : "the analyst returned no items", citations: counts, usage: input.usage };
  const numbers = new Map<TLessonKind, number>();
  const items = checked.items.map((i) => {
    const n = (numbers.get(i.kind) ?? 0) + 1;
    numbers.set(i.kind, n);
    return { ...i, number: n };
  });
  return {
    kind: "lessons",
    analyst: input.analyst,
    perspective: input.perspective,
    items,
    ...(input.leanPath && leanChecked ? { leanPath: { overview: input.leanPath.overview, steps: leanChecked.items } } : {}),
    citations: counts,
    truncatedItems: truncated,
    usage: input.usage,
    model: input.model,
    attempts: input.attempts,
    prompts: input.prompts,
    sawGraderEvidence: input.sawGraderEvidence,
  };
}
