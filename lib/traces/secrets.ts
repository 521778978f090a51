import { SECRET_RULES, type TSecretKind } from "./secret-rules";

// Credentials and e-mail addresses in trajectory text. Imports flag them on the trajectory (counts,
// kinds, step indices: never the secret), and everything an LLM will see goes through
// maskTrajectoryForLlm, which replaces each one with [REDACTED:<kind>] unless masking is switched
// off (T2S_MASK_SECRETS). Pure: no database, no environment.

export { SECRET_KINDS, type TSecretKind } from "./secret-rules";

export type TSecretMatch = { kind: TSecretKind; start: number; end: number };
/** stepIndex is -1 for the instruction; `path` names the value inside toolArgs (e.g. "headers.Authorization"). */
export type TSecretFinding = TSecretMatch & { stepIndex: number; field: "instruction" | "text" | "toolArgs"; path?: string };
export type TSecretSummary = { count: number; kinds: TSecretKind[]; counts: Partial<Record<TSecretKind, number>>; steps: number[] };

type TStepLike = { index: number; text: string; toolArgs?: Record<string, unknown> };
type TTrajectoryLike = { instruction: string; steps: readonly TStepLike[] };

const MAX_DEPTH = 32;
/** Flagged step indices kept on a trajectory; the count keeps growing past it. */
export const MAX_FLAGGED_STEPS = 1000;

/** The secrets in one text, in order, without overlaps (the more specific kind wins). */
export function scanText(text: string): TSecretMatch[] {
  if (text.length < 6) return [];
  const candidates: (TSecretMatch & { rank: number })[] = [];
  SECRET_RULES.forEach((rule, rank) => {
    if (!rule.hints.some((h) => text.includes(h))) return;
    if (rule.find) {
      for (const [start, end] of rule.find(text)) if (!rule.accept || rule.accept(text.slice(start, end))) candidates.push({ kind: rule.kind, start, end, rank });
      return;
    }
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const secret = rule.group ? m[rule.group] : m[0];
      if (secret === undefined || (rule.accept && !rule.accept(secret))) continue;
      // A rule's capture group always ends its pattern: the secret is the tail of the match.
      const start = m.index + m[0].length - secret.length;
      candidates.push({ kind: rule.kind, start, end: start + secret.length, rank });
    }
  });
  candidates.sort((a, b) => a.start - b.start || a.rank - b.rank);
  const kept: typeof candidates = [];
  for (const c of candidates) {
    let wins = true;
    while (kept.length && kept[kept.length - 1].end > c.start) {
      if (kept[kept.length - 1].rank <= c.rank) {
        wins = false;
        break;
      }
      kept.pop();
    }
    if (wins) kept.push(c);
  }
  return kept.map(({ kind, start, end }) => ({ kind, start, end }));
}

export const redactionOf = (kind: TSecretKind) => `[REDACTED:${kind}]`;

/** The text with every finding replaced by [REDACTED:<kind>]. */
export function maskText(text: string, matches: TSecretMatch[] = scanText(text)): string {
  if (!matches.length) return text;
  let out = "";
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + redactionOf(m.kind);
    at = m.end;
  }
  return out + text.slice(at);
}

// A header object ({Authorization: "Bearer …"}) holds the token without the header name, so
// values under such a key are read as if the name preceded them.
const HEADER_KEY = /(^|\.)(proxy-)?authorization$/i;
const HEADER_PREFIX = "Authorization: ";

function scanValue(value: string, path: string): TSecretMatch[] {
  if (!HEADER_KEY.test(path)) return scanText(value);
  return scanText(HEADER_PREFIX + value).map((m) => ({ ...m, start: m.start - HEADER_PREFIX.length, end: m.end - HEADER_PREFIX.length }));
}

function eachString(value: unknown, path: string, visit: (s: string, path: string) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, `${path}[${i}]`, visit, depth + 1));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) eachString(v, path ? `${path}.${k}` : k, visit, depth + 1);
}

/** A copy of a tool-argument value with every string passed through `fn`. */
function mapStrings(value: unknown, path: string, fn: (s: string, path: string) => string, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (typeof value === "string") return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, `${path}[${i}]`, fn, depth + 1));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, path ? `${path}.${k}` : k, fn, depth + 1)]));
  return value;
}

/** Every finding in the instruction, the step texts and the string values of tool arguments. */
export function scanTrajectory(t: TTrajectoryLike): TSecretFinding[] {
  const out: TSecretFinding[] = scanText(t.instruction).map((m) => ({ ...m, stepIndex: -1, field: "instruction" as const }));
  for (const step of t.steps) {
    for (const m of scanText(step.text)) out.push({ ...m, stepIndex: step.index, field: "text" });
    if (!step.toolArgs) continue;
    eachString(step.toolArgs, "", (s, path) => {
      for (const m of scanValue(s, path)) out.push({ ...m, stepIndex: step.index, field: "toolArgs", path });
    });
  }
  return out;
}

/** What a trajectory row stores: how many, which kinds, how many of each, where. */
export function summarizeFindings(findings: TSecretFinding[]): TSecretSummary {
  const counts: Partial<Record<TSecretKind, number>> = {};
  const steps = new Set<number>();
  for (const f of findings) {
    counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    steps.add(f.stepIndex);
  }
  return {
    count: findings.length,
    kinds: (Object.keys(counts) as TSecretKind[]).sort(),
    counts,
    steps: [...steps].sort((a, b) => a - b).slice(0, MAX_FLAGGED_STEPS),
  };
}

/**
 * The trajectory as an LLM may see it: instruction, step texts and every string inside toolArgs
 * masked when `mask` is on (callers pass env().T2S_MASK_SECRETS). Returns a copy; the input is
 * left as it is. Other step fields pass through unchanged.
 */
export function maskTrajectoryForLlm<T extends TTrajectoryLike>(trajectory: T, opts: { mask: boolean }): T {
  if (!opts.mask) return trajectory;
  return {
    ...trajectory,
    instruction: maskText(trajectory.instruction),
    steps: trajectory.steps.map((s) => ({
      ...s,
      text: maskText(s.text),
      ...(s.toolArgs ? { toolArgs: mapStrings(s.toolArgs, "", (v, path) => maskText(v, scanValue(v, path))) as Record<string, unknown> } : {}),
    })),
  };
}
