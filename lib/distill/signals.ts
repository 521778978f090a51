import type { TStep } from "../traces/model";

// What the compactor and the rule-based analyst treat as an error, and how an error message is
// reduced to a signature that repeats across attempts and trajectories. Importers set isError where
// the harness says so; many logs only print the failure, so a tool result that carries a Python
// traceback, a non-zero exit code or a shell "command not found" also counts.

const TEXT_ERROR = /Traceback \(most recent call last\)|\[exit code [1-9]\d*\]|\bexit (?:code|status):? [1-9]\d*\b|: command not found\b|^(?:Error|ERROR|Fatal|FATAL)\b[: ]/m;

export function isErrorStep(step: TStep): boolean {
  if (step.isError || step.kind === "error") return true;
  return step.kind === "tool_result" && TEXT_ERROR.test(step.text);
}

const NOISE_LINE = /^\s*(?:\[exit code \d+\]|\^+|~+|-+|Traceback \(most recent call last\):?|File ".*", line \d+.*)\s*$/;
const ERRORISH = /(?:\b\w*(?:Error|Exception|Exit|Fault)\b|\berror\b|\bfailed\b|\bnot found\b|\bdenied\b|\bErrno\b|\binvalid\b|\bcannot\b|\bunable\b)/i;

/** The line of an error output that says what went wrong (the last error-like line of a traceback). */
export function findErrorLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !NOISE_LINE.test(l));
  const errorish = lines.filter((l) => ERRORISH.test(l));
  const line = errorish.at(-1) ?? lines[0] ?? "";
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

/**
 * The error with its particulars blanked (quoted names, paths, numbers, hex ids), so "KeyError:
 * 'Worksheet Sheet1 does not exist.'" and the same error on another sheet share one signature.
 */
export function toErrorSignature(text: string): string {
  return findErrorLine(text)
    .replace(/(["'`])(?:(?!\1).){1,200}\1/g, "'…'")
    .replace(/(?:[A-Za-z]:)?(?:\/[\w.@~+-]+){2,}\/?/g, "<path>")
    .replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{12,}\b/gi, "<hex>")
    .replace(/\d+(?:\.\d+)?/g, "N")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120);
}

/** The tool call a result belongs to: same toolCallId, else the nearest earlier tool_call. */
export function findCallOfResult(steps: readonly TStep[], resultPos: number): number | undefined {
  const result = steps[resultPos];
  for (let i = resultPos - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.kind !== "tool_call") continue;
    if (!result.toolCallId || !s.toolCallId || s.toolCallId === result.toolCallId) return i;
  }
  return undefined;
}

/** Positions (array offsets, not step indices) of the error steps. */
export function findErrorPositions(steps: readonly TStep[]): number[] {
  return steps.flatMap((s, i) => (isErrorStep(s) ? [i] : []));
}
