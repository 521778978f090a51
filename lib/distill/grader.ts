import type { TTrajectory } from "../traces/model";

// Grader results and expected answers that importers keep in trajectory metadata. The error
// analyst sees them (the official A⁻ gets gold.xlsx and a scorer) and is told never to mention
// them; the rule-based analyst never uses them, so nothing of the answer reaches a lesson.
// Keys per importer (lib/traces/formats): demo/Studio `grader`, `groundTruthRef`; Inspect `target`,
// `scores`; OpenHands `report`; smolagents `trueAnswer`; tau-bench `rewardInfo`, `expectedActions`,
// `expectedOutputs`; ATIF `rewards`; plus the generic spellings users put into Studio metadata.

const GRADER_KEYS = new Set(
  [
    "grader", "graderResult", "graderOutput", "verdict", "evaluation", "evalResult", "scores", "score", "rewards", "rewardInfo", "report",
    "testResult", "testResults", "tests", "testCases", "target", "trueAnswer", "expected", "expectedAnswer", "expectedOutput",
    "expectedOutputs", "expectedActions", "gold", "goldAnswer", "groundTruth", "groundTruthRef", "referenceAnswer",
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.replace(/[_\-\s]/g, "").toLowerCase();
}

export type TGraderEvidence = { reward?: number; outcome: TTrajectory["outcome"]; fields: Record<string, unknown> };

/** The grader/expected-answer fields of a trajectory, or undefined when it carries none beyond the outcome. */
export function findGraderEvidence(t: Pick<TTrajectory, "metadata" | "reward" | "outcome">): TGraderEvidence | undefined {
  const fields = Object.fromEntries(Object.entries(t.metadata ?? {}).filter(([k, v]) => GRADER_KEYS.has(normalizeKey(k)) && v !== undefined && v !== null && v !== ""));
  if (!Object.keys(fields).length && t.reward === undefined) return undefined;
  return { ...(t.reward === undefined ? {} : { reward: t.reward }), outcome: t.outcome, fields };
}

/** The evidence as prompt text, each field cut to `maxChars` so a large expected output cannot crowd out the trace. */
export function renderGraderEvidence(e: TGraderEvidence, maxChars = 2000, mask: (s: string) => string = (s) => s): string {
  const lines = [`outcome: ${e.outcome}`];
  if (e.reward !== undefined) lines.push(`reward: ${e.reward}`);
  for (const [k, v] of Object.entries(e.fields)) {
    const text = mask(typeof v === "string" ? v : JSON.stringify(v));
    lines.push(`${k}: ${text.length > maxChars ? `${text.slice(0, maxChars)}… [${text.length - maxChars} characters cut]` : text}`);
  }
  return lines.join("\n");
}
