import { z } from "zod";

// A run's settings, validated once at the edge (UI form, API, CLI) and recorded with the run so
// its result can be explained and repeated. Defaults follow the official code
// (../shared/trace2skill-method.md §1.10): fan-in 5, 5 merge levels, 3 verify rounds. The analyst mix
// defaults to "error": the paper's v3 finds +Error the most reliable (positive everywhere), +Success
// the most volatile.

export const ANALYST_MIXES = ["error", "success", "combined"] as const;
export const LOW_SUPPORT_POLICIES = ["reference", "hold"] as const;

export const LOW_SUPPORT_REFERENCE = "references/low-support-lessons.md";

export const ZRunConfig = z.object({
  analysts: z.enum(ANALYST_MIXES).default("error"),
  fanIn: z.number().int().min(2).max(64).default(5),
  maxLevels: z.number().int().min(1).max(10).default(5),
  /** Edits resting on fewer distinct trajectories than this are handled per `lowSupport`. */
  minSupport: z.number().int().min(1).max(1000).default(2),
  /** reference: route to LOW_SUPPORT_REFERENCE (paper App. C.3); hold: keep out of the skill, shown for review. */
  lowSupport: z.enum(LOW_SUPPORT_POLICIES).default("reference"),
  /** Concurrent LLM calls of this run (the endpoint limit still applies). */
  concurrency: z.number().int().min(1).max(512).default(16),
  /** Stop cleanly, keeping partial results, once the run has cost this much. */
  budgetUsd: z.number().positive().optional(),
  /** Analyse a deterministic sample of this many evolve trajectories instead of all. */
  sample: z.number().int().min(1).optional(),
  /** Analyse trajectories without a grader outcome too: those showing errors get the error analyst in "unverified" mode, the rest are skipped (contracts.ts TAnalyseOptions). */
  includeUnknown: z.boolean().default(false),
  verifyRounds: z.number().int().min(0).max(5).default(3),
  temperature: z.number().min(0).max(2).optional(),
});
export type TRunConfig = z.infer<typeof ZRunConfig>;

const ZSkillName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use kebab-case: lowercase letters, digits and single hyphens, at most 64 characters.");

/** What a person (or the CLI) asks for; the server resolves names to ids. */
export const ZCreateRun = z
  .object({
    pool: z.string().min(1),
    /** Deepen this published skill version ("name@1.2.0", or "name" for its latest). */
    skill: z.string().min(1).optional(),
    /** Or create a new skill from nothing. */
    create: z.object({ name: ZSkillName, description: z.string().min(1).max(1024).refine((d) => !/[<>]/.test(d), "The description may not contain < or >.") }).optional(),
    config: ZRunConfig.default(ZRunConfig.parse({})),
  })
  .refine((r) => Boolean(r.skill) !== Boolean(r.create), { message: "Give either a skill to deepen or a new skill to create, not both.", path: ["skill"] });
export type TCreateRun = z.infer<typeof ZCreateRun>;

/** "name@1.2.0" → {name, version}; "name" → latest. */
export function parseSkillRef(ref: string): { name: string; version?: string } {
  const at = ref.lastIndexOf("@");
  return at > 0 ? { name: ref.slice(0, at), version: ref.slice(at + 1) } : { name: ref };
}
