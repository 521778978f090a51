import { isAppError } from "../errors";
import type { TLlmUsage } from "../llm/types";
import type { TSkillFiles } from "../skills/patch";
import { requireLlm } from "./analyst-common";
import type { TDistillDeps } from "./contracts";
import type { TRunMode } from "./map";
import { attributeMergeAnswer, passThrough, ZMergeAnswer, type TMergeNodeResult } from "./merge-node";
import { loadPrompt, renderPrompt, type TPromptOptions } from "./prompts";
import { mergeByRules } from "./rule-merger";
import { renderSkillFiles } from "./skill-files";
import { stripSources, supportOf, type TOutcomeOf, type TSourcedPatch } from "./sourced-edit";

// One REDUCE node (../shared/trace2skill-method.md §1.7). The merger sees the frozen base skill and
// its input patches, each edit with its id and its support (computed here from the trajectories
// behind it — the paper's prevalence bias needs numbers, and the official prompt gives none). The
// answer is attributed in code (merge-node.ts). A node whose call fails is tried once more, then
// passes its inputs through unmerged and says why; it never silently loses an edit.

export const MODE_GUIDANCE: Record<TRunMode, string> = {
  error: "The patches come from analyses of failed trajectories; each edit aims to prevent a recurring failure.",
  success: "The patches come from analyses of successful trajectories; each edit aims to make a proven workflow repeatable. Preserve successful workflows; tighten only what makes them reliable.",
  combined:
    "The patches come from analyses of both failed and successful trajectories (mixed evidence). Prevent recurring failures without weakening workflows that already succeed; resolve conflicts in favour of the option with the stronger mixed evidence.",
};

export type TMergeContext = {
  base: TSkillFiles;
  runMode: TRunMode;
  outcomeOf: TOutcomeOf;
  runId?: string;
  prompts?: TPromptOptions;
  temperature?: number;
  signal?: AbortSignal;
};

export type TMergeOutput = TMergeNodeResult & { merger: "llm" | "rule-based"; usage: TLlmUsage; attempts: number };

export type TMergeFn = (key: string, inputs: TSourcedPatch[], deps: TDistillDeps, ctx: TMergeContext) => Promise<TMergeOutput>;

const NO_USAGE: TLlmUsage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };

/** The input patches as the merger reads them: reasoning, edits with id and support, changelog. */
export function renderPatchesForMerge(inputs: readonly TSourcedPatch[], outcomeOf: TOutcomeOf): string {
  return inputs
    .map((p, n) => {
      const edits = p.edits.map((e) => {
        const s = supportOf(e, outcomeOf);
        return { id: e.id, support: `${s.total} trajectories (${s.error} failed, ${s.success} succeeded)`, ...stripSources(e) };
      });
      return [`### Patch ${n + 1} (${p.key})`, `Reasoning: ${p.reasoning || "(none)"}`, "Edits:", "```json", JSON.stringify(edits, null, 2), "```", `Changelog: ${p.changelog_entries.join("; ") || "(none)"}`].join("\n");
    })
    .join("\n\n");
}

export const mergeWithRules: TMergeFn = async (key, inputs) => ({ ...mergeByRules(key, inputs), merger: "rule-based", usage: NO_USAGE, attempts: 0 });

export const mergeWithLlm: TMergeFn = async (key, inputs, deps, ctx) => {
  const llm = requireLlm(deps);
  const template = loadPrompt("merge", ctx.prompts);
  const messages = renderPrompt(template, {
    mode_guidance: MODE_GUIDANCE[ctx.runMode],
    skill_files: renderSkillFiles(ctx.base),
    patch_count: inputs.length,
    patches: renderPatchesForMerge(inputs, ctx.outcomeOf),
  });
  const usage = { ...NO_USAGE };
  let attempts = 0;
  let lastError = "";
  for (let tryNo = 1; tryNo <= 2; tryNo++) {
    try {
      const res = await llm.structured({ role: "merger", schema: ZMergeAnswer, schemaName: "merged_patch", messages, runId: ctx.runId, stepKey: `merge:${key}`, temperature: ctx.temperature, signal: ctx.signal });
      addUsage(usage, res.usage);
      attempts += res.attempts;
      return { ...attributeMergeAnswer(key, inputs, res.value), merger: "llm", usage, attempts };
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      const details = isAppError(e) ? (e.details as { usage?: TLlmUsage; attempts?: number } | undefined) : undefined;
      if (details?.usage) addUsage(usage, details.usage);
      attempts += details?.attempts ?? 1;
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  return { ...passThrough(key, inputs, `merge call failed twice: ${lastError}`), merger: "llm", usage, attempts };
};

function addUsage(into: TLlmUsage, u: TLlmUsage): void {
  into.tokensIn += u.tokensIn;
  into.tokensOut += u.tokensOut;
  into.costUsd += u.costUsd;
}
