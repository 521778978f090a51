import { createHash } from "node:crypto";
import { db } from "../db/client";
import { AppError } from "../errors";
import stringify from "safe-stable-stringify";
import { atPriority, createLimiter, type TLimiter } from "../llm/limiter";
import type { Llm } from "../llm/types";
import type { TSkillFiles } from "../skills/patch";
import { analyseTrajectory } from "./analyse-trajectory";
import type { TAnalyseFn, TDistillDeps } from "./contracts";
import { mapLessons, type TMapFn, type TRunMode } from "./map";
import { mergeWithLlm, mergeWithRules, type TMergeFn } from "./merge";
import { analyseTrajectoryByRules } from "./rule-analyst";
import { mapLessonsByRules } from "./rule-mapper";
import { ZRunConfig, type TRunConfig } from "./run-config";
import { createBaseSkill } from "./skill-files";

// Everything a stage needs to know about its run, read once per job: the settings, the frozen base
// skill, and which implementations run the analyst / map / merge steps — the LLM ones when an LLM
// is configured, the rule-based ones otherwise. The choice is made at run creation and recorded
// (models.kind), so a run never switches implementation halfway through a resume.

export type TImplementations = { kind: "llm" | "rule-based"; analyse: TAnalyseFn; map: TMapFn; merge: TMergeFn };

export const LLM_IMPL: TImplementations = { kind: "llm", analyse: analyseTrajectory, map: mapLessons, merge: mergeWithLlm };
export const RULE_IMPL: TImplementations = { kind: "rule-based", analyse: analyseTrajectoryByRules, map: mapLessonsByRules, merge: mergeWithRules };

export type TRunContext = {
  runId: string;
  workspaceId: string;
  poolId: string;
  config: TRunConfig;
  runMode: TRunMode;
  base: TSkillFiles;
  baseMode: "deepen" | "create";
  impl: TImplementations;
  deps: TDistillDeps;
  /**
   * The same LLM for work that may wait: its calls take a slot only when no other call of the run
   * waits for one (merges done ahead of the merge stage, merge-ahead.ts).
   */
  spareDeps: TDistillDeps;
  /**
   * Items a stage works on at once. With an LLM this is twice the run's concurrency: a lane holds
   * one of the run's `concurrency` call slots only while its HTTP call is out (withRunSlots), so
   * while one lane loads a trajectory, claims a step or waits for a commit, another one's prompt is
   * ready for the slot it frees. The rule-based implementations have no calls to overlap.
   */
  lanes: number;
  maskSecrets: boolean;
  /** Aborted when the run is cancelled or reaches its budget; stages stop taking new work. */
  signal: AbortSignal;
};

export type TRunEnvironment = { llm: Llm | null; maskSecrets: boolean; signal?: AbortSignal };

export async function loadBaseSkill(run: { baseVersionId: string | null; createSkillName: string | null; config: unknown }): Promise<{ files: TSkillFiles; mode: "deepen" | "create" }> {
  if (run.baseVersionId) {
    // Text files only: binary files (images, fonts) are carried into the published version as they are.
    const files = await db().skillFile.findMany({ where: { versionId: run.baseVersionId, data: null }, select: { path: true, content: true } });
    return { files: Object.fromEntries(files.map((f) => [f.path, f.content])), mode: "deepen" };
  }
  const description = (run.config as { createDescription?: string }).createDescription ?? "";
  return { files: createBaseSkill({ name: run.createSkillName ?? "new-skill", description }), mode: "create" };
}

export async function loadRunContext(runId: string, envx: TRunEnvironment): Promise<TRunContext> {
  const run = await db().distillRun.findUnique({ where: { id: runId } });
  if (!run) throw new AppError("not_found:run", "No such run.");
  const kind = (run.models as { kind?: string }).kind === "llm" ? "llm" : "rule-based";
  if (kind === "llm" && !envx.llm) throw new AppError("unavailable:llm", "This run was started with an LLM, and none is configured for this worker (set OPENAI_BASE_URL / OPENAI_API_KEY).");
  const base = await loadBaseSkill(run);
  const config = ZRunConfig.parse(run.config);
  return {
    runId,
    workspaceId: run.workspaceId,
    poolId: run.poolId,
    config,
    runMode: run.mode,
    base: base.files,
    baseMode: base.mode,
    impl: kind === "llm" ? LLM_IMPL : RULE_IMPL,
    ...runDeps(kind === "llm" ? envx.llm! : null, config.concurrency),
    lanes: kind === "llm" ? 2 * config.concurrency : config.concurrency,
    maskSecrets: envx.maskSecrets,
    signal: envx.signal ?? new AbortController().signal,
  };
}

/** The run's views of the LLM: at most `concurrency` of its calls in flight, whatever the endpoint allows. */
function runDeps(llm: Llm | null, concurrency: number): Pick<TRunContext, "deps" | "spareDeps"> {
  if (!llm) return { deps: {}, spareDeps: {} };
  const slots = createLimiter(concurrency);
  return { deps: { llm: withSlots(llm, slots) }, spareDeps: { llm: withSlots(llm, atPriority(slots, -1)) } };
}

function withSlots(llm: Llm, slots: TLimiter): Llm {
  return {
    structured: (req) => llm.structured({ ...req, slots }),
    modelFor: (role) => llm.modelFor(role),
    ...(llm.flush ? { flush: () => llm.flush!() } : {}),
  };
}

/** A short content hash for step keys: the same inputs give the same key, changed inputs a new one. */
export function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/**
 * hashOf for values that may have been read back from a jsonb column, which reorders object keys:
 * keys are serialised in sorted order, so the value read back hashes as the value written.
 */
export function canonicalHashOf(value: unknown): string {
  return createHash("sha256").update(stringify(value) ?? "").digest("hex").slice(0, 16);
}

/** Runs `fn` over items with at most `limit` in flight; stops starting new ones once `signal` aborts. */
export async function forEachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !signal.aborted) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(lanes);
}
