import type { TTrajectory } from "../../model";
import { outcomeFromReward } from "../../normalize";
import { readText, type TSourceFile } from "../../source";

// The grader result of a Trace2Skill log lives outside it: `evaluate_with_official.py` writes
// eval_official_results.json (results[{id, success, soft_score, hard_score}]) and
// `analyze_results.py --rename` then appends _SUCCEED / _FAILED to the log's file name. The log's own
// `## RESULT - Success` only says the agent declared completion.

export const RESULTS_FILE = "eval_official_results.json";

export type TLogName = { instanceId?: string; label?: "SUCCEED" | "FAILED"; seedDir?: string };
export type TGrade = { outcome: TTrajectory["outcome"]; reward?: number; source: string; softScore?: number; hardScore?: number };

/** `<agent>_<instance_id>[_SUCCEED|_FAILED].(md|jsonl)`, optionally under a `seed_<n>/` folder. */
export function readLogName(path: string, agent?: string): TLogName {
  const parts = path.split("/");
  const seedDir = parts.slice(0, -1).find((p) => /^seed_\d+$/.test(p));
  let stem = parts[parts.length - 1].replace(/\.(md|markdown|jsonl)$/i, "");
  const label = /_(SUCCEED|FAILED)$/.exec(stem)?.[1] as TLogName["label"];
  if (label) stem = stem.slice(0, -label.length - 1);
  const instanceId = agent && stem.startsWith(`${agent}_`) ? stem.slice(agent.length + 1) : /([^_]+(?:_seed_\d+)?)$/.exec(stem)?.[1];
  return { instanceId: instanceId || undefined, label, seedDir };
}

export function isResultsFile(name: string): boolean {
  return name === RESULTS_FILE || name.endsWith(`/${RESULTS_FILE}`);
}

/** The results file in the log's folder or the closest folder above it. */
function findResultsName(file: TSourceFile): string | undefined {
  const names = file.listNames().filter(isResultsFile);
  const dirs = file.name.split("/").slice(0, -1);
  for (let n = dirs.length; n >= 0; n--) {
    const candidate = [...dirs.slice(0, n), RESULTS_FILE].join("/");
    if (names.includes(candidate)) return candidate;
  }
  return undefined;
}

export async function findGrade(file: TSourceFile, name: TLogName, threshold: number): Promise<TGrade | undefined> {
  const fromResults = name.instanceId ? await gradeFromResults(file, name, threshold) : undefined;
  if (fromResults) return fromResults;
  if (name.label) return { outcome: name.label === "SUCCEED" ? "success" : "failure", source: "filename" };
  return undefined;
}

async function gradeFromResults(file: TSourceFile, name: TLogName, threshold: number): Promise<TGrade | undefined> {
  const resultsName = findResultsName(file);
  const results = resultsName ? await file.sibling(resultsName) : undefined;
  if (!results) return undefined;
  let rows: unknown[];
  try {
    const doc = JSON.parse(await readText(results)) as { results?: unknown };
    rows = Array.isArray(doc.results) ? doc.results : [];
  } catch {
    return undefined; // an unreadable results file leaves the filename label (or unknown)
  }
  const id = name.instanceId!;
  // A seed run's id is `<id>_seed_<n>` in a shared results file, or plain `<id>` in a per-seed one.
  const keys = [name.seedDir && !/_seed_\d+$/.test(id) ? `${id}_${name.seedDir}` : undefined, id, id.replace(/_seed_\d+$/, "")];
  const byId = new Map(rows.filter((r): r is Record<string, unknown> => !!r && typeof r === "object").map((r) => [String(r.id), r]));
  const row = keys.map((k) => (k ? byId.get(k) : undefined)).find(Boolean);
  if (!row) return undefined;
  const hardScore = typeof row.hard_score === "number" ? row.hard_score : undefined;
  const softScore = typeof row.soft_score === "number" ? row.soft_score : undefined;
  // `success` is hard_score == 1 as the official evaluator computes it; fall back to the score.
  const outcome = typeof row.success === "boolean" ? (row.success ? "success" : "failure") : outcomeFromReward(hardScore, threshold);
  return { outcome, reward: hardScore, source: resultsName!, softScore, hardScore };
}
