import type { TLlmUsage } from "../llm/types";
import { ZPatch, type TPatch, type TSkillFiles } from "../skills/patch";
import { requireLlm } from "./analyst-common";
import type { TDistillDeps } from "./contracts";
import type { TLessonSet } from "./lessons";
import { enforcePatchRules, type TDroppedEdit } from "./map-guard";
import { loadPrompt, renderPrompt, type TPromptOptions } from "./prompts";
import { describeSizeStatus, readFrontMatter, renderSkillFiles, SKILL_LIMITS, type TSkillLimits } from "./skill-files";

// MAP (../shared/trace2skill-method.md §1.6): one call per analysed trajectory turns its lessons
// into a patch against the frozen base skill. No call sees another trajectory's patch. The prompt
// variant follows the run's analyst mix (error / success / combined); the guard then enforces in
// code what the prompt asks for and returns every edit it removed with the reason.

export type TRunMode = "error" | "success" | "combined";
export const MAP_PROMPTS: Record<TRunMode, string> = { error: "map-error", success: "map-success", combined: "map-combined" };

export type TMapInput = {
  /** Provenance only: the trajectory the lessons came from. */
  trajectoryId: string;
  lessons: TLessonSet;
  /** The frozen S0: the skill version being deepened, or createBaseSkill(...) in create mode. */
  base: TSkillFiles;
  baseMode: "deepen" | "create";
  runMode: TRunMode;
};

export type TMapOptions = { runId?: string; /** Durable-step key (default "map:<trajectoryId>"). */ stepKey?: string; prompts?: TPromptOptions; limits?: TSkillLimits; temperature?: number; signal?: AbortSignal };

export type TMapResult =
  | { kind: "patch"; mapper: "llm" | "rule-based"; patch: TPatch; dropped: TDroppedEdit[]; usage: TLlmUsage; model: string; attempts: number; prompts: Record<string, string> }
  | { kind: "skipped"; reason: "no_lessons" };

export type TMapFn = (input: TMapInput, deps: TDistillDeps, opts: TMapOptions) => Promise<TMapResult>;

/** The lesson record as the official MAP reads it (parsed_*_records.json), with the lean path for successes. */
export function renderRecords(input: Pick<TMapInput, "trajectoryId" | "lessons">): string {
  const { lessons } = input;
  const record = {
    instance_id: input.trajectoryId,
    record_source: lessons.perspective,
    items: lessons.items.map((i) => ({ type: i.kind, number: i.number, title: i.title, description: i.description, content: i.content })),
    ...(lessons.leanPath ? { lean_solution_path: { overview: lessons.leanPath.overview, steps: lessons.leanPath.steps.map((s, k) => `Step ${k + 1}: ${s.title} — ${s.description}`) } } : {}),
  };
  return `\`\`\`json\n${JSON.stringify(record, null, 2)}\n\`\`\``;
}

export function describeMode(input: Pick<TMapInput, "base" | "baseMode">): string {
  if (input.baseMode === "deepen") return "Mode: deepen an existing skill. The folder below is a working skill written by people; keep what is correct and improve it with the evidence from the records.";
  const fm = readFrontMatter(input.base["SKILL.md"] ?? "")?.data ?? {};
  return [
    "Mode: create a new skill. The folder below is a minimal draft: only the front matter and a title.",
    `The skill is named "${String(fm.name ?? "")}" and described as: ${String(fm.description ?? "")}`,
    "Build the body from the records with add_section edits (procedure, pitfalls, verification) that serve that description; keep the front matter exactly as it is.",
  ].join("\n");
}

export async function mapLessons(input: TMapInput, deps: TDistillDeps, opts: TMapOptions = {}): Promise<TMapResult> {
  if (!input.lessons.items.length) return { kind: "skipped", reason: "no_lessons" };
  const llm = requireLlm(deps);
  const limits = opts.limits ?? SKILL_LIMITS;
  const template = loadPrompt(MAP_PROMPTS[input.runMode], opts.prompts);
  const messages = renderPrompt(template, {
    mode_note: describeMode(input),
    skill_files: renderSkillFiles(input.base),
    size_status: describeSizeStatus(input.base, limits),
    trajectory_id: input.trajectoryId,
    records: renderRecords(input),
    max_skill_lines: limits.maxSkillLines,
    max_reference_lines: limits.maxReferenceLines,
  });
  const res = await llm.structured({
    role: "mapper",
    schema: ZPatch,
    schemaName: "skill_patch",
    messages,
    runId: opts.runId,
    stepKey: opts.stepKey ?? `map:${input.trajectoryId}`,
    temperature: opts.temperature,
    signal: opts.signal,
  });
  const { patch, dropped } = enforcePatchRules(ZPatch.parse(res.value), input.base);
  return { kind: "patch", mapper: "llm", patch, dropped, usage: res.usage, model: res.model, attempts: res.attempts, prompts: { [template.name]: template.version } };
}
