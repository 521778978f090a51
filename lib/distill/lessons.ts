import { z } from "zod";

// Analyst outputs (../shared/trace2skill-method.md §1.3–1.5). Two layers: the wire schemas are what
// an LLM is asked to return (lenient, so a fourth memory item or a long description is trimmed in
// code instead of costing a format-repair round trip); the domain schemas are what every analyst —
// LLM or rule-based — hands to MAP and to the Analysis/Lesson rows, and tests parse results with them.

export const LESSON_KINDS = ["failure_cause", "failure_memory", "success_memory"] as const;
export type TLessonKind = (typeof LESSON_KINDS)[number];

/** At most this many memory items per trajectory, as in the official analysts. */
export const MAX_MEMORY_ITEMS = 3;

const stepRefs = z.array(z.number().int()).describe("Indices of the trajectory steps this item rests on, as shown in [step N].");

export const ZWireItem = z.object({
  title: z.string().describe("A short imperative title."),
  description: z.string().describe("One sentence."),
  content: z.string().describe("One to three sentences."),
  stepRefs,
});
export type TWireItem = z.infer<typeof ZWireItem>;

export const ZErrorAnalystResponse = z.object({
  failure_causes: z.array(ZWireItem).describe("Every distinct cause of the failure, at least one."),
  failure_memories: z.array(ZWireItem).describe("At most 3 generalizable lessons for future runs."),
});
export type TErrorAnalystResponse = z.infer<typeof ZErrorAnalystResponse>;

export const ZWireLeanStep = z.object({ title: z.string(), description: z.string(), stepRefs });

export const ZSuccessAnalystResponse = z.object({
  lean_solution_path: z.object({
    overview: z.string().describe("Two or three sentences on how the task was solved."),
    steps: z.array(ZWireLeanStep).describe("Only the steps that contributed to the result, failed attempts removed."),
  }),
  success_memories: z.array(ZWireItem).describe("At most 3 generalizable lessons for future runs."),
});
export type TSuccessAnalystResponse = z.infer<typeof ZSuccessAnalystResponse>;

export const ZLessonItem = z.object({
  kind: z.enum(LESSON_KINDS),
  /** 1-based within its kind, as the official records number them. */
  number: z.number().int().positive(),
  title: z.string().min(1),
  description: z.string().min(1),
  content: z.string().min(1),
  stepRefs: z.array(z.number().int().nonnegative()).min(1),
});
export type TLessonItem = z.infer<typeof ZLessonItem>;

export const ZLeanStep = z.object({ title: z.string().min(1), description: z.string(), stepRefs: z.array(z.number().int().nonnegative()).min(1) });
export const ZLeanPath = z.object({ overview: z.string(), steps: z.array(ZLeanStep) });
export type TLeanPath = z.infer<typeof ZLeanPath>;

export const ANALYST_KINDS = ["error", "success", "rule-based"] as const;
export type TAnalystKind = (typeof ANALYST_KINDS)[number];

export const ZCitationCounts = z.object({
  /** Refs moved to the nearest existing step. */
  repaired: z.number().int().nonnegative(),
  /** Refs removed from their item. */
  droppedRefs: z.number().int().nonnegative(),
  /** Items removed because no valid ref was left. */
  droppedItems: z.number().int().nonnegative(),
  /** repaired + droppedRefs: what Analysis.invalidCitations stores. */
  invalid: z.number().int().nonnegative(),
});
export type TCitationCounts = z.infer<typeof ZCitationCounts>;

export const ZLessonSet = z
  .object({
    kind: z.literal("lessons"),
    analyst: z.enum(ANALYST_KINDS),
    /** Which analyst perspective produced the items (rule-based runs both). */
    perspective: z.enum(["error", "success"]),
    items: z.array(ZLessonItem).min(1),
    leanPath: ZLeanPath.optional(),
    citations: ZCitationCounts,
    /** Items beyond MAX_MEMORY_ITEMS that were cut. */
    truncatedItems: z.number().int().nonnegative(),
    usage: z.object({ tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number() }),
    model: z.string(),
    attempts: z.number().int().nonnegative(),
    /** Prompt name → version used ({} for rule-based). */
    prompts: z.record(z.string(), z.string()),
    /** Whether the analyst was shown a grader verdict or expected answer. */
    sawGraderEvidence: z.boolean(),
  })
  .superRefine((v, ctx) => {
    for (const k of ["failure_memory", "success_memory"] as const) {
      if (v.items.filter((i) => i.kind === k).length > MAX_MEMORY_ITEMS) ctx.addIssue({ code: "custom", message: `more than ${MAX_MEMORY_ITEMS} ${k} items` });
    }
  });
export type TLessonSet = z.infer<typeof ZLessonSet>;

export const SKIP_REASONS = ["unknown_outcome", "unknown_outcome_no_errors", "no_steps", "no_lessons"] as const;
export const ZSkipped = z.object({
  kind: z.literal("skipped"),
  reason: z.enum(SKIP_REASONS),
  detail: z.string().optional(),
  /** Set when an analyst answered but none of its items survived citation checks. */
  citations: ZCitationCounts.optional(),
  usage: z.object({ tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number() }).optional(),
});
export type TSkipped = z.infer<typeof ZSkipped>;

export const ZAnalysisResult = z.union([ZLessonSet, ZSkipped]);
export type TAnalysisResult = TLessonSet | TSkipped;

const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z`*"'(\[])/;

/** The first `max` sentences: the official records hold a one-sentence description and 1–3 sentence content. */
export function limitSentences(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const parts = clean.split(SENTENCE_END);
  return parts.length <= max ? clean : parts.slice(0, max).join(" ");
}
