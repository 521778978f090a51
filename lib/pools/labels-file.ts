import { z } from "zod";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { AppError } from "../errors";
import { OUTCOMES } from "../traces/model";
import { applyLabelChanges, changeRowOf, rowsSource, type TChangeRow } from "./labels";
import { poolByName } from "./uploads";

// (c) A labels file: a JSON array or JSONL of {id, outcome?, reward?}. `id` is the trajectory's
// externalId within the pool (every trajectory with that id gets the label) or its database id.
// Each record is reported as applied, not found or invalid, with its line number.

export const MAX_LABELS_FILE_BYTES = 32 * 1024 * 1024;
const MAX_REPORTED = 10_000;
const LOOKUP_CHUNK = 1000;
const APPLY_CHUNK = 5000;

const ZLabelRecord = z
  .object({
    id: z.union([z.string().trim().min(1).max(500), z.number().int()]).transform(String),
    outcome: z.enum(OUTCOMES).optional(),
    reward: z.number().finite().nullable().optional(),
  })
  .refine((r) => r.outcome !== undefined || r.reward !== undefined, { message: "needs an outcome or a reward" });

export type TLabelRecordResult = { line: number; id?: string; status: "applied" | "not_found" | "invalid"; reason?: string; changed?: number };
export type TLabelsFileReport = { records: number; applied: number; notFound: number; invalid: number; changed: number; results: TLabelRecordResult[]; truncated: boolean };

type TEntry = { line: number; value?: unknown; error?: string };

const lineAt = (text: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** Offsets where the top-level elements of a JSON array start (the text is known to be valid JSON). */
function elementOffsets(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
    if (expectValue && depth === 1) {
      out.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 1) expectValue = true;
  }
  return out;
}

/** The records of a labels file with their line numbers; lines that are not JSON become errors. */
export function parseLabelsFile(raw: string): TEntry[] {
  const text = raw.replace(/^\uFEFF/, "");
  if (text.trimStart().startsWith("[")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      const position = /position (\d+)/.exec(String(e))?.[1];
      const line = /line (\d+)/.exec(String(e))?.[1];
      return [{ line: line ? Number(line) : position ? lineAt(text, Number(position)) : 1, error: "the file starts with [ but is not a valid JSON array" }];
    }
    if (!Array.isArray(parsed)) return [{ line: 1, error: "not a JSON array" }];
    const offsets = elementOffsets(text);
    let line = 1;
    let at = 0;
    return parsed.map((value, i) => {
      // Count newlines incrementally: offsets only grow.
      const to = offsets[i] ?? at;
      for (; at < to; at++) if (text.charCodeAt(at) === 10) line++;
      return { line, value };
    });
  }
  const out: TEntry[] = [];
  text.split("\n").forEach((l, i) => {
    if (!l.trim()) return;
    try {
      out.push({ line: i + 1, value: JSON.parse(l) });
    } catch {
      out.push({ line: i + 1, error: "not valid JSON" });
    }
  });
  return out;
}

/** Reads the file, matches ids within the pool, applies the valid records, reports every record. */
export async function applyLabelsFile(workspaceId: string, poolName: string, text: string, principal: TPrincipal | undefined): Promise<TLabelsFileReport> {
  const pool = await poolByName(workspaceId, poolName);
  const entries = parseLabelsFile(text);
  if (!entries.length) throw new AppError("invalid_input:labels_file", "The labels file has no records.");
  const results: TLabelRecordResult[] = [];
  const valid: { result: TLabelRecordResult; record: z.infer<typeof ZLabelRecord> }[] = [];
  for (const e of entries) {
    if (e.error) {
      results.push({ line: e.line, status: "invalid", reason: e.error });
      continue;
    }
    const r = ZLabelRecord.safeParse(e.value);
    const id = typeof (e.value as { id?: unknown })?.id === "string" ? (e.value as { id: string }).id : undefined;
    if (!r.success) {
      const issue = r.error.issues[0];
      results.push({ line: e.line, id, status: "invalid", reason: issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message });
      continue;
    }
    const result: TLabelRecordResult = { line: e.line, id: r.data.id, status: "applied" };
    results.push(result);
    valid.push({ result, record: r.data });
  }

  // Look the ids up in chunks: externalId first, the database id as a fallback.
  const byKey = new Map<string, string[]>();
  const ids = [...new Set(valid.map((v) => v.record.id))];
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const chunk = ids.slice(i, i + LOOKUP_CHUNK);
    const wanted = new Set(chunk);
    const found = await db().trajectory.findMany({ where: { poolId: pool.id, OR: [{ externalId: { in: chunk } }, { id: { in: chunk } }] }, select: { id: true, externalId: true } });
    for (const t of found) {
      for (const key of [t.externalId, t.id]) if (wanted.has(key)) byKey.set(key, [...(byKey.get(key) ?? []), t.id]);
    }
  }

  // The last record for a trajectory wins; earlier ones say which line replaced them.
  const owner = new Map<string, { result: TLabelRecordResult; record: z.infer<typeof ZLabelRecord> }>();
  for (const v of valid) {
    const targets = byKey.get(v.record.id);
    if (!targets) {
      Object.assign(v.result, { status: "not_found", reason: "no trajectory in this pool has this id" });
      continue;
    }
    for (const t of targets) {
      const earlier = owner.get(t);
      if (earlier && earlier.result !== v.result) Object.assign(earlier.result, { status: "invalid", reason: `the same trajectory is labelled again on line ${v.result.line}; that record wins` });
      owner.set(t, v);
    }
  }
  const rows: TChangeRow[] = [...owner].filter(([, v]) => v.result.status === "applied").map(([t, v]) => changeRowOf(t, v.record));
  const changed = new Set<string>();
  for (let i = 0; i < rows.length; i += APPLY_CHUNK) {
    const ids = await applyLabelChanges(rowsSource(rows.slice(i, i + APPLY_CHUNK)), { workspaceId, poolId: pool.id, principal, source: "labels-file", action: "trajectory.label.file" });
    ids.forEach((id) => changed.add(id));
  }
  for (const [t, v] of owner) if (v.result.status === "applied") v.result.changed = (v.result.changed ?? 0) + (changed.has(t) ? 1 : 0);
  for (const v of valid) if (v.result.status === "applied") v.result.changed ??= 0;

  const count = (s: TLabelRecordResult["status"]) => results.filter((r) => r.status === s).length;
  const report = { records: results.length, applied: count("applied"), notFound: count("not_found"), invalid: count("invalid"), changed: changed.size };
  await recordAudit({ workspaceId, principal, action: "pool.labels.file", entityType: "pool", entityId: pool.id, after: report });
  return { ...report, results: results.slice(0, MAX_REPORTED), truncated: results.length > MAX_REPORTED };
}
