import { ZodError } from "zod";
import type { TParsed, TParseIssue } from "../format";
import type { TStep, TTrajectory } from "../model";
import { readLines, readText, type TSourceFile } from "../source";

// Small helpers shared by the LLM-API formats (openai-chat, openai-responses, anthropic-messages)
// and the tracing formats built on them (langsmith, otel-genai).

export type TRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is TRecord => !!v && typeof v === "object" && !Array.isArray(v);
export const asRecord = (v: unknown): TRecord => (isRecord(v) ? v : {});
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** A finite number from a number or numeric string (int64 values arrive as strings in OTLP). */
export function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function rejectItem(file: string, reason: string, where: Omit<TParseIssue, "file" | "reason"> = {}): TParsed {
  const issue: TParseIssue = { file, reason };
  if (where.line !== undefined) issue.line = where.line;
  if (where.record !== undefined) issue.record = where.record;
  if (where.field !== undefined) issue.field = where.field;
  return { kind: "rejected", issue };
}

/** Why a record could not be converted: zod issues listed by path, other errors by message. */
export function errorReason(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => `${i.path.join(".") || "trajectory"}: ${i.message}`).join("; ");
  return err instanceof Error ? err.message : String(err);
}

/** Builds one trajectory; a thrown error becomes a `rejected` item so the next record still parses. */
export function tryTrajectory(file: string, where: { line?: number; record?: string }, build: () => TTrajectory): TParsed {
  try {
    const trajectory = build();
    return { kind: "trajectory", trajectory, ...where };
  } catch (err) {
    const field = err instanceof FieldError ? err.field : undefined;
    return rejectItem(file, errorReason(err), { ...where, field });
  }
}

/** A malformed record, with the field that is wrong. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The whole file as one JSON document, or why it is not one. */
export async function readJsonDocument(file: TSourceFile): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  try {
    return { ok: true, value: JSON.parse(await readText(file)) };
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
}

/**
 * True when an object-shaped file is JSON Lines rather than one (pretty-printed) document: its first
 * non-empty line is a complete JSON value, or is longer than the head (a huge single record).
 */
export function looksLikeJsonl(head: string, truncated: boolean): boolean {
  const start = head.search(/\S/);
  if (start < 0 || head[start] !== "{") return false;
  const end = head.indexOf("\n", start);
  if (end < 0) return truncated || parses(head.slice(start));
  return parses(head.slice(start, end));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The task text when a format has no explicit one: the first user message. */
export function firstUserText(steps: TStep[]): string {
  return steps.find((s) => s.role === "user" && s.kind === "message" && s.text.trim())?.text ?? "";
}

/** The base name of an upload path, for ids and labels. */
export function baseName(name: string): string {
  return name.split("/").pop() ?? name;
}

/** JSONL with one conversation object per line: bad lines are rejected, the others still parse. */
export async function* parseJsonlRows(file: TSourceFile, build: (row: TRecord, line: number) => TTrajectory, required: string[] = ["messages"]): AsyncGenerator<TParsed> {
  for await (const { line, text } of readLines(file)) {
    if (!text.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (err) {
      yield rejectItem(file.name, `line is not JSON: ${(err as Error).message}`, { line });
      continue;
    }
    if (!isRecord(row) || !required.some((k) => Array.isArray((row as TRecord)[k]))) {
      yield rejectItem(file.name, `expected an object with a ${required.join(" or ")} array`, { line, field: required[0] });
      continue;
    }
    const r = row;
    yield tryTrajectory(file.name, { line }, () => build(r, line));
  }
}

/**
 * The oldest call of this tool that has no result yet: tracing formats record the model's call and
 * the tool's execution separately, often without a shared id.
 */
export function openCallNamed(steps: TStep[], name: string): TStep | undefined {
  const answered = new Set(steps.filter((s) => s.kind === "tool_result").map((s) => s.toolCallId));
  return steps.find((s) => s.kind === "tool_call" && s.toolName === name && s.toolCallId && !answered.has(s.toolCallId));
}

/**
 * Makes reused tool-call ids unique (tau-bench's gpt-4o runs repeat `call_…` ids within one
 * conversation): a repeated call id gets a `~n` suffix and the results after it follow the newest
 * call with that id. Returns how many calls were renamed.
 */
export function uniquifyCallIds(steps: TStep[]): number {
  const uses = new Map<string, number>();
  const current = new Map<string, string>();
  let renamed = 0;
  for (const s of steps) {
    if (!s.toolCallId) continue;
    if (s.kind === "tool_call") {
      const n = (uses.get(s.toolCallId) ?? 0) + 1;
      uses.set(s.toolCallId, n);
      const id = n === 1 ? s.toolCallId : `${s.toolCallId}~${n}`;
      current.set(s.toolCallId, id);
      if (n > 1) renamed++;
      s.toolCallId = id;
    } else if (s.kind === "tool_result") {
      s.toolCallId = current.get(s.toolCallId) ?? s.toolCallId;
    }
  }
  return renamed;
}
