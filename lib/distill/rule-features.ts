import type { TStep, TTrajectory } from "../traces/model";
import { toErrorSignature, isErrorStep } from "./signals";

// The vocabulary the rule-based analyst compares runs with: "features" of the tool calls a run made
// (tool names, shell programs, function/method names called in code, boolean keyword arguments,
// scripts run) and the failure signatures of its errors; and a pool profile counting, per feature,
// how many successful and failed runs used it. Deterministic: sorted keys, no randomness.

/** Calls so generic that they say nothing about an approach. */
const GENERIC_CALLS = new Set(
  "print len str int float bool range round sum list dict set tuple isinstance open enumerate zip sorted min max type format join split strip rstrip lstrip append extend get items keys values replace lower upper startswith endswith exit main echo".split(" "),
);
const SHELL_NOISE = new Set(["then", "do", "done", "fi", "else", "if", "for", "while", "export", "set", "sudo", "env", "time", "cd"]);

export type TFeatureHits = Map<string, number[]>;

function readCodeArgs(args: Record<string, unknown> | undefined): string[] {
  if (!args) return [];
  return Object.values(args).flatMap((v) => (typeof v === "string" ? [v] : []));
}

/** The shell programs of a command line: first word of each segment, heredoc bodies excluded. */
function listShellPrograms(command: string): string[] {
  const firstLine = command.split("\n")[0] ?? "";
  return firstLine
    .split(/&&|\|\||;|\|/)
    .map((seg) => seg.trim().split(/\s+/)[0] ?? "")
    .map((w) => w.replace(/^.*\//, ""))
    .filter((w) => /^[a-z][\w.-]{1,30}$/.test(w) && !SHELL_NOISE.has(w));
}

/** Feature names of one tool call (stable strings such as "call:to_excel", "kw:data_only=True"). */
export function listCallFeatures(step: TStep): string[] {
  if (step.kind !== "tool_call") return [];
  const out = new Set<string>();
  if (step.toolName) out.add(`tool:${step.toolName}`);
  for (const code of readCodeArgs(step.toolArgs)) {
    if (step.toolName && /bash|shell|terminal|exec|run|command/i.test(step.toolName)) for (const p of listShellPrograms(code)) out.add(`cmd:${p}`);
    for (const m of code.matchAll(/\b([A-Za-z_][\w]*)\s*\(/g)) if (!GENERIC_CALLS.has(m[1]) && m[1].length > 2) out.add(`call:${m[1]}`);
    for (const m of code.matchAll(/\b([a-z_][\w]*)\s*=\s*(True|False|true|false)\b/g)) out.add(`kw:${m[1]}=${m[2]}`);
    for (const m of code.matchAll(/\b([\w-]+\.(?:py|sh|js|ts))\b/g)) out.add(`script:${m[1]}`);
  }
  return [...out];
}

/**
 * Every feature of a trajectory with the step indices of the calls that show it, plus tool
 * sequences (`seq:Read>Edit`, cited at the second call) when the run uses more than one tool — with
 * a single bash tool a sequence says nothing the call features do not.
 */
export function collectFeatures(t: TTrajectory): TFeatureHits {
  const hits: TFeatureHits = new Map();
  const add = (f: string, index: number) => hits.set(f, [...(hits.get(f) ?? []), index]);
  const calls = t.steps.filter((s) => s.kind === "tool_call");
  for (const s of calls) for (const f of listCallFeatures(s)) add(f, s.index);
  if (new Set(calls.map((c) => c.toolName)).size > 1) {
    calls.forEach((c, i) => {
      const prev = calls[i - 1];
      if (prev?.toolName && c.toolName && prev.toolName !== c.toolName) add(`seq:${prev.toolName}>${c.toolName}`, c.index);
    });
  }
  return hits;
}

/** Failure signatures of the trajectory's error steps, with their step indices. */
export function collectSignatures(t: TTrajectory): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of t.steps) {
    if (!isErrorStep(s)) continue;
    const sig = toErrorSignature(s.text);
    if (sig) out.set(sig, [...(out.get(sig) ?? []), s.index]);
  }
  return out;
}

export type TPoolProfile = {
  successes: number;
  failures: number;
  /** feature → runs using it, per outcome. */
  features: Record<string, { success: number; failure: number }>;
  /** failure signature → runs showing it, per outcome. */
  signatures: Record<string, { success: number; failure: number }>;
};

/** Counts over the labelled trajectories of a pool (unknown outcomes are left out). Computed once per run. */
export function buildPoolProfile(trajectories: Iterable<TTrajectory>): TPoolProfile {
  const profile: TPoolProfile = { successes: 0, failures: 0, features: {}, signatures: {} };
  for (const t of trajectories) {
    if (t.outcome === "unknown") continue;
    const key = t.outcome === "success" ? "success" : "failure";
    if (key === "success") profile.successes++;
    else profile.failures++;
    for (const f of collectFeatures(t).keys()) (profile.features[f] ??= { success: 0, failure: 0 })[key]++;
    for (const s of collectSignatures(t).keys()) (profile.signatures[s] ??= { success: 0, failure: 0 })[key]++;
  }
  return profile;
}

/** A feature's name as a reader sees it: `to_excel()`, `data_only=True`, `recalc.py`, the `cp` command. */
export function describeFeature(f: string): string {
  const [kind, name] = [f.slice(0, f.indexOf(":")), f.slice(f.indexOf(":") + 1)];
  if (kind === "call") return `\`${name}()\``;
  if (kind === "cmd") return `the \`${name}\` command`;
  if (kind === "tool") return `the \`${name}\` tool`;
  if (kind === "seq") return `the ${name.split(">").map((n) => `\`${n}\``).join(" → ")} sequence`;
  return `\`${name}\``;
}
