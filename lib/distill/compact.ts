import type { TStep, TTrajectory } from "../traces/model";
import { maskTrajectoryForLlm } from "../traces/secrets";
import { findErrorPositions } from "./signals";

// A trajectory as an analyst reads it, within a token budget. Tokens are estimated as characters/4
// (close enough for English and code with the tokenizers in use; the budget is a guard against
// context overflow, not a bill). Every step keeps its index — `[step 17] assistant tool_call bash
// {...}` — so lessons can cite it; long texts are cut head+tail like the official converter (6,000
// characters); a trajectory that still does not fit is windowed: the instruction, the failing region
// (the last error and its neighbours) and the ending are kept first, then earlier error regions and
// the opening, then the steps nearest to what is kept; omitted ranges are marked in place. Secrets
// are masked before anything is rendered, so a cut can never expose half of one.

export const DEFAULT_BUDGET_TOKENS = 24_000;
export const DEFAULT_MAX_TEXT_CHARS = 6_000;
const MIN_TEXT_CHARS = 240;
const MAX_INSTRUCTION_CHARS = 4_000;

export type TCompactOptions = {
  /** Callers pass env().T2S_MASK_SECRETS. */
  maskSecrets: boolean;
  budgetTokens?: number;
  /** Cap per observation / message / argument text, cut head+tail. */
  maxTextChars?: number;
  /** Neighbours kept on each side of an error step. */
  errorContext?: number;
  /** Steps always kept at the end. */
  endingSteps?: number;
  /** Steps kept from the start when they fit (system prompt, task message). */
  openingSteps?: number;
};

export type TOmittedRange = { from: number; to: number; count: number };

export type TCompacted = {
  text: string;
  estimatedTokens: number;
  budgetTokens: number;
  shownSteps: number[];
  omittedRanges: TOmittedRange[];
  /** Steps whose text was cut head+tail. */
  cutSteps: number[];
  /** The per-text cap that made it fit (smaller than maxTextChars when the kept region was large). */
  textCap: number;
};

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The text with its middle replaced by a marker when it is longer than `max` characters. */
export function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max / 2);
  const tail = Math.floor(max / 2);
  return `${text.slice(0, head)}\n… [${text.length - head - tail} characters omitted] …\n${text.slice(text.length - tail)}`;
}

function renderStep(step: TStep, cap: number): { text: string; cut: boolean } {
  const args = step.kind === "tool_call" && step.toolArgs && Object.keys(step.toolArgs).length ? JSON.stringify(step.toolArgs) : "";
  const head = [`[step ${step.index}]`, step.role, step.kind, step.toolName, step.isError && step.kind !== "error" ? "(error)" : undefined].filter(Boolean).join(" ");
  const cutArgs = cutMiddle(args, cap);
  const body = cutMiddle(step.text.trim(), cap);
  const cut = cutArgs !== args || body !== step.text.trim();
  return { text: [cutArgs ? `${head} ${cutArgs}` : head, body].filter(Boolean).join("\n"), cut };
}

const formatGap = (r: TOmittedRange) => (r.from === r.to ? `… step ${r.from} omitted …` : `… steps ${r.from}–${r.to} omitted (${r.count} steps) …`);

function assemble(header: string, steps: readonly TStep[], rendered: string[], chosen: Set<number>): { text: string; omitted: TOmittedRange[] } {
  const parts = [header];
  const omitted: TOmittedRange[] = [];
  let gapStart = -1;
  const closeGap = (end: number) => {
    if (gapStart < 0) return;
    const r = { from: steps[gapStart].index, to: steps[end].index, count: end - gapStart + 1 };
    omitted.push(r);
    parts.push(formatGap(r));
    gapStart = -1;
  };
  steps.forEach((_, i) => {
    if (chosen.has(i)) {
      closeGap(i - 1);
      parts.push(rendered[i]);
    } else if (gapStart < 0) gapStart = i;
  });
  closeGap(steps.length - 1);
  return { text: parts.join("\n\n"), omitted };
}

const listPositions = (from: number, to: number, n: number) => Array.from({ length: Math.max(0, Math.min(n - 1, to) - Math.max(0, from) + 1) }, (_, k) => Math.max(0, from) + k);

type TGroups = { required: number[][]; optional: number[][] };

/** Required: the ending and the failing region (last error ± context). Optional, in order: earlier error regions, the opening. */
function groupByPriority(steps: readonly TStep[], o: { errorContext: number; endingSteps: number; openingSteps: number }): TGroups {
  const n = steps.length;
  const regions = findErrorPositions(steps)
    .reverse()
    .map((p) => listPositions(p - o.errorContext, p + o.errorContext, n));
  return { required: [listPositions(n - o.endingSteps, n - 1, n), ...regions.slice(0, 1)], optional: [...regions.slice(1), listPositions(0, o.openingSteps - 1, n)] };
}

function select(steps: readonly TStep[], header: string, rendered: string[], groups: TGroups, budget: number): Set<number> | undefined {
  const cost = rendered.map((r) => estimateTokens(r) + 1);
  const gapCost = 12;
  let used = estimateTokens(header);
  const chosen = new Set<number>();
  const add = (positions: number[], required: boolean): boolean => {
    const fresh = positions.filter((p) => !chosen.has(p));
    const c = fresh.reduce((s, p) => s + cost[p] + gapCost, 0);
    if (used + c > budget) return !required;
    fresh.forEach((p) => chosen.add(p));
    used += c;
    return true;
  };
  // The ending and the failing region are the point of the analysis: when they do not fit, the
  // caller retries with a smaller text cap instead of dropping them.
  for (const g of groups.required) if (!add(g, true)) return undefined;
  for (const g of groups.optional) add(g, false);
  const kept = [...chosen].sort((a, b) => a - b);
  const distance = (p: number) => {
    // Binary search for the nearest kept position: trajectories with thousands of error steps keep many.
    let lo = 0;
    let hi = kept.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(Math.abs(kept[lo] - p), lo > 0 ? Math.abs(kept[lo - 1] - p) : Infinity);
  };
  const rest = steps.map((_, i) => i).filter((i) => !chosen.has(i));
  rest.sort((a, b) => distance(a) - distance(b) || b - a);
  for (const p of rest) add([p], false);
  return chosen;
}

/** The trajectory rendered for an analyst within the budget (see the file comment for what is kept). */
export function compactTrajectory(trajectory: TTrajectory, opts: TCompactOptions): TCompacted {
  const t = maskTrajectoryForLlm(trajectory, { mask: opts.maskSecrets });
  const budget = opts.budgetTokens ?? DEFAULT_BUDGET_TOKENS;
  const maxText = opts.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const o = { errorContext: opts.errorContext ?? 2, endingSteps: opts.endingSteps ?? 6, openingSteps: opts.openingSteps ?? 2 };
  // At most a quarter of the budget (budget tokens ≈ budget × 4 characters), so a pasted document cannot crowd out the steps.
  const instructionCap = Math.min(MAX_INSTRUCTION_CHARS, Math.max(200, Math.floor(budget)));
  const header = `Task instruction:\n${cutMiddle(t.instruction.trim() || "(none recorded)", instructionCap)}\n\nTrajectory (${t.steps.length} steps; indices as recorded):`;
  const caps: number[] = [];
  for (let cap = maxText; cap > MIN_TEXT_CHARS; cap = Math.floor(cap / 2)) caps.push(cap);
  caps.push(MIN_TEXT_CHARS);
  let groups = groupByPriority(t.steps, o);
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const cap of caps) {
      const renders = t.steps.map((s) => renderStep(s, cap));
      const rendered = renders.map((r) => r.text);
      const chosen = select(t.steps, header, rendered, groups, budget);
      if (!chosen) continue;
      const { text, omitted } = assemble(header, t.steps, rendered, chosen);
      return {
        text,
        estimatedTokens: estimateTokens(text),
        budgetTokens: budget,
        shownSteps: [...chosen].sort((a, b) => a - b).map((p) => t.steps[p].index),
        omittedRanges: omitted,
        cutSteps: [...chosen].filter((p) => renders[p].cut).sort((a, b) => a - b).map((p) => t.steps[p].index),
        textCap: cap,
      };
    }
    // Even at the smallest cap the kept regions are too large: keep only the last step and the last error.
    const n = t.steps.length;
    const lastError = findErrorPositions(t.steps).at(-1);
    groups = { required: [n ? [n - 1] : [], lastError === undefined ? [] : [lastError]], optional: [] };
  }
  const text = cutMiddle(header, budget * 4);
  return { text, estimatedTokens: estimateTokens(text), budgetTokens: budget, shownSteps: [], omittedRanges: t.steps.length ? [{ from: t.steps[0].index, to: t.steps.at(-1)!.index, count: t.steps.length }] : [], cutSteps: [], textCap: MIN_TEXT_CHARS };
}
