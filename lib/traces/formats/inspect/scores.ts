import type { TTrajectory } from "../../model";
import { outcomeFromReward } from "../../normalize";

// Inspect scorer values (src/inspect_ai/scorer/_metric.py): "C" correct, "I" incorrect, "N" no
// answer, "P" partial (0.5 in value_to_float), or a number / boolean. The first scorer of a sample
// decides the outcome; every scorer's value is kept in metadata.

type TScoreOutcome = { outcome: TTrajectory["outcome"]; reward?: number };

const LETTERS: Record<string, TScoreOutcome> = {
  C: { outcome: "success", reward: 1 },
  I: { outcome: "failure", reward: 0 },
  N: { outcome: "failure", reward: 0 },
  P: { outcome: "unknown", reward: 0.5 },
};

export function outcomeFromScores(scores: unknown, threshold: number): TScoreOutcome {
  if (!scores || typeof scores !== "object") return { outcome: "unknown" };
  const first = Object.values(scores as Record<string, unknown>)[0];
  if (!first || typeof first !== "object") return { outcome: "unknown" };
  return outcomeFromValue((first as Record<string, unknown>).value, threshold);
}

export function outcomeFromValue(value: unknown, threshold: number): TScoreOutcome {
  if (typeof value === "boolean") return value ? { outcome: "success", reward: 1 } : { outcome: "failure", reward: 0 };
  if (typeof value === "number" && Number.isFinite(value)) return { outcome: outcomeFromReward(value, threshold), reward: value };
  if (typeof value === "string") {
    const v = value.trim();
    if (LETTERS[v.toUpperCase()] && v.length === 1) return LETTERS[v.toUpperCase()];
    if (/^(yes|true)$/i.test(v)) return { outcome: "success", reward: 1 };
    if (/^(no|false)$/i.test(v)) return { outcome: "failure", reward: 0 };
    const n = Number(v);
    if (v && Number.isFinite(n)) return { outcome: outcomeFromReward(n, threshold), reward: n };
  }
  // Dict/list values (multi-metric scorers) have no single verdict.
  return { outcome: "unknown" };
}

/** Scorer name → value and answer (explanations are long model-graded essays; kept short). */
export function summarizeScores(scores: unknown): Record<string, unknown> | undefined {
  if (!scores || typeof scores !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(scores as Record<string, unknown>)) {
    const s = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const explanation = typeof s.explanation === "string" ? s.explanation.slice(0, 500) : undefined;
    const answer = typeof s.answer === "string" ? s.answer.slice(0, 1000) : s.answer;
    out[name] = Object.fromEntries(Object.entries({ value: s.value, answer, explanation }).filter(([, v]) => v !== undefined));
  }
  return Object.keys(out).length ? out : undefined;
}
