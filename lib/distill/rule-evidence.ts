import { diffLines } from "diff";
import type { TStep, TTrajectory } from "../traces/model";
import type { TLessonItem } from "./lessons";
import { listCallFeatures, describeFeature } from "./rule-features";
import { findCallOfResult, findErrorLine, toErrorSignature, isErrorStep } from "./signals";

// Facts the rule-based analyst reads off one trajectory: each error with the call that caused it
// and the recovery that followed (the next call of the same tool whose result was not an error),
// and what the recovery changed in its arguments. Positions are array offsets; citations use
// step.index.

export type TErrorEvent = {
  /** Array offset of the error step. */
  at: number;
  /** Array offset of the failing call, when the error is a tool result. */
  call?: number;
  tool?: string;
  line: string;
  signature: string;
  /** Array offset of the first later call of the same tool whose result was not an error. */
  recovery?: number;
};

/** The result step of a call: same toolCallId, else the next tool_result. */
export function findResultOfCall(steps: readonly TStep[], callPos: number): number | undefined {
  const call = steps[callPos];
  for (let i = callPos + 1; i < steps.length; i++) {
    const s = steps[i];
    if (s.kind === "tool_call" && !call.toolCallId) return undefined;
    if (s.kind !== "tool_result" && s.kind !== "error") continue;
    if (!call.toolCallId || !s.toolCallId || s.toolCallId === call.toolCallId) return i;
  }
  return undefined;
}

export function collectErrorEvents(t: TTrajectory): TErrorEvent[] {
  const steps = t.steps;
  const events: TErrorEvent[] = [];
  steps.forEach((s, at) => {
    if (!isErrorStep(s)) return;
    // An error step that is itself a tool call (a rejected call) is its own call.
    const call = s.kind === "tool_call" ? at : s.kind === "tool_result" ? findCallOfResult(steps, at) : undefined;
    const tool = call === undefined ? undefined : steps[call].toolName;
    let recovery: number | undefined;
    if (call !== undefined && tool) {
      for (let q = at + 1; q < steps.length && recovery === undefined; q++) {
        if (steps[q].kind !== "tool_call" || steps[q].toolName !== tool || isErrorStep(steps[q])) continue;
        const r = findResultOfCall(steps, q);
        if (r !== undefined && !isErrorStep(steps[r])) recovery = q;
      }
    }
    events.push({ at, call, tool, line: findErrorLine(s.text) || `${s.kind} without a message`, signature: toErrorSignature(s.text) || `${s.kind}:${tool ?? "unknown"}`, recovery });
  });
  return events;
}

const clipText = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const quoteCode = (s: string) => `\`${clipText(s).replace(/`/g, "'")}\``;

function readArgText(step: TStep): string {
  const args = step.toolArgs ?? {};
  const strings = Object.entries(args).filter(([, v]) => typeof v === "string");
  if (strings.length === 1) return strings[0][1] as string;
  return JSON.stringify(args, null, 1);
}

/** What a recovery call changed against the failing call, as a short phrase ("removed `x`; added `y`"). */
export function describeArgChange(failing: TStep, recovery: TStep): string {
  const before = readArgText(failing);
  const after = readArgText(recovery);
  if (before === after) return "repeated the same arguments after an intermediate step";
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.split("\n").map((l) => l.trim()).filter((l) => l.length > 2);
    if (part.removed) removed.push(...lines);
    if (part.added) added.push(...lines);
  }
  const bits: string[] = [];
  if (removed.length) bits.push(`removed ${removed.slice(0, 2).map((l) => quoteCode(l)).join(", ")}${removed.length > 2 ? ` and ${removed.length - 2} more line(s)` : ""}`);
  if (added.length) bits.push(`added ${added.slice(0, 2).map((l) => quoteCode(l)).join(", ")}${added.length > 2 ? ` and ${added.length - 2} more line(s)` : ""}`);
  return bits.join("; ") || "changed its arguments";
}

/** A call in a few words: the tool, its first argument line and the calls its code makes. */
export function describeCall(step: TStep): string {
  const first = readArgText(step).split("\n").find((l) => l.trim()) ?? "";
  const uses = listCallFeatures(step)
    .filter((f) => f.startsWith("call:") || f.startsWith("kw:"))
    .slice(0, 3)
    .map(describeFeature);
  return `${step.toolName ?? "a tool"} ${quoteCode(first.trim())}${uses.length ? ` using ${uses.join(", ")}` : ""}`.trim();
}

/** Array offsets of the tool calls whose result was not an error. */
export function findSuccessfulCalls(steps: readonly TStep[]): number[] {
  return steps.flatMap((s, i) => {
    if (s.kind !== "tool_call" || isErrorStep(s)) return [];
    const r = findResultOfCall(steps, i);
    return r === undefined || !isErrorStep(steps[r]) ? [i] : [];
  });
}

/** The thought or message that directly precedes a call, if any (the agent's stated reason). */
export function findReasonFor(steps: readonly TStep[], callPos: number): string | undefined {
  const prev = steps[callPos - 1];
  if (!prev || prev.role !== "assistant" || (prev.kind !== "thought" && prev.kind !== "message") || !prev.text.trim()) return undefined;
  return prev.text.trim().split(/(?<=[.!?])\s/)[0];
}

export { clipText, quoteCode };

export type TDraft = Omit<TLessonItem, "number">;

/** Step indices (deduplicated) of array offsets, skipping the missing ones. */
export const toStepIndices = (t: TTrajectory, positions: (number | undefined)[]) => [...new Set(positions.filter((p): p is number => p !== undefined).map((p) => t.steps[p].index))];

export function buildRecoveryItem(t: TTrajectory, e: TErrorEvent, kind: TDraft["kind"]): TDraft {
  const fail = t.steps[e.call!];
  const fix = t.steps[e.recovery!];
  return {
    kind,
    title: `Recover from ${quoteCode(e.signature)} in ${e.tool}`,
    description: `A ${e.tool} call failed with ${quoteCode(e.line)} at step ${t.steps[e.at].index} and the next successful ${e.tool} call came at step ${fix.index}.`,
    content: `When ${e.tool} fails with ${quoteCode(e.signature)}, do not retry the same call: the recovery ${describeArgChange(fail, fix)}. Read the error message, correct the assumption it exposes, then call again.`,
    stepRefs: toStepIndices(t, [e.call, e.at, e.recovery]),
  };
}


