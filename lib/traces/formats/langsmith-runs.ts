import { asArray, asRecord, isRecord, str, type TRecord } from "./api-shared";

// LangSmith run collections (doc §A10) → runs grouped by trace in execution order. Accepts
// `client.list_runs()` dumps (arrays), nested `child_runs` trees, and ingestion payloads
// `{post: [RunCreate], patch: [RunUpdate]}` whose parts are merged by run id.

export type TRun = TRecord & { id: string; trace_id: string; parent_run_id?: string; dotted_order?: string; run_type?: string; name?: string };
export type TRunIssue = { record: string; field: string; reason: string };
export type TTrace = { traceId: string; runs: TRun[]; root: TRun };

export function isRunLike(v: unknown): boolean {
  return isRecord(v) && typeof v.run_type === "string" && (typeof v.dotted_order === "string" || typeof v.trace_id === "string" || Array.isArray(v.child_runs));
}

/** A run payload in a `post`/`patch` list: RunUpdates may lack run_type but have dotted_order/trace_id. */
function isRunPart(v: unknown): boolean {
  return isRecord(v) && (typeof v.run_type === "string" || typeof v.dotted_order === "string" || typeof v.trace_id === "string");
}

export function isRunsDocument(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0 && v.slice(0, 20).every(isRunLike);
  if (!isRecord(v)) return false;
  if (Array.isArray(v.post) || Array.isArray(v.patch)) {
    const parts = [...asArray(v.post), ...asArray(v.patch)];
    return parts.length > 0 && parts.every(isRunPart) && asArray(v.post).some(isRunLike);
  }
  return isRunLike(v) || (Array.isArray(v.runs) && v.runs.length > 0 && v.runs.every(isRunLike));
}

/** The run id, or the last segment of its dotted order ("<time>Z<uuid>") when a RunUpdate omits it. */
function runId(run: TRecord): string | undefined {
  const id = str(run.id);
  if (id) return id;
  const last = str(run.dotted_order)?.split(".").pop();
  return last?.match(/^\d{8}T\d+Z(.+)$/)?.[1];
}

export function collectRuns(doc: unknown): { runs: TRun[]; issues: TRunIssue[] } {
  const byId = new Map<string, TRun>();
  const issues: TRunIssue[] = [];
  const add = (raw: unknown, record: string, parent?: TRun, patch = false) => {
    if (!isRecord(raw)) return issues.push({ record, field: record, reason: "run is not an object" });
    const id = runId(raw);
    if (!id) return issues.push({ record, field: `${record}.id`, reason: "run has neither an id nor a dotted_order" });
    const { child_runs, ...fields } = raw;
    const before = byId.get(id);
    if (patch && !before) return issues.push({ record, field: `${record}.id`, reason: `update for run ${id} that was never posted` });
    const merged = { ...before, ...dropNulls(fields), id } as TRun;
    if (before && isRecord(before.extra) && isRecord(fields.extra)) merged.extra = { ...before.extra, ...fields.extra };
    merged.parent_run_id = str(merged.parent_run_id) ?? parent?.id;
    merged.trace_id = str(merged.trace_id) ?? parent?.trace_id ?? "";
    byId.set(id, merged);
    asArray(child_runs).forEach((c, i) => add(c, `${record}.child_runs[${i}]`, merged));
  };
  if (Array.isArray(doc)) doc.forEach((r, i) => add(r, `[${i}]`));
  else if (isRecord(doc) && (Array.isArray(doc.post) || Array.isArray(doc.patch))) {
    asArray(doc.post).forEach((r, i) => add(r, `post[${i}]`));
    asArray(doc.patch).forEach((r, i) => add(r, `patch[${i}]`, undefined, true));
  } else if (isRecord(doc) && Array.isArray(doc.runs)) doc.runs.forEach((r, i) => add(r, `runs[${i}]`));
  else add(doc, "run");
  const runs = [...byId.values()];
  // A run without trace_id belongs to the trace of its top-most ancestor.
  for (const run of runs) if (!run.trace_id) run.trace_id = topAncestor(run, byId).id;
  return { runs, issues };
}

function topAncestor(run: TRun, byId: Map<string, TRun>): TRun {
  let cur = run;
  const seen = new Set<string>();
  while (cur.parent_run_id && byId.has(cur.parent_run_id) && !seen.has(cur.id)) {
    seen.add(cur.id);
    cur = byId.get(cur.parent_run_id)!;
  }
  return cur;
}

/** Runs per trace, ordered by dotted_order (lexical order is execution order), else by start time. */
export function groupTraces(runs: TRun[]): TTrace[] {
  const traces = new Map<string, TRun[]>();
  for (const run of runs) traces.set(run.trace_id, [...(traces.get(run.trace_id) ?? []), run]);
  return [...traces.entries()].map(([traceId, list]) => {
    list.sort(compareRuns);
    const ids = new Set(list.map((r) => r.id));
    const root = list.find((r) => !r.parent_run_id || !ids.has(r.parent_run_id)) ?? list[0];
    return { traceId, runs: list, root };
  });
}

function compareRuns(a: TRun, b: TRun): number {
  if (a.dotted_order && b.dotted_order) return a.dotted_order < b.dotted_order ? -1 : a.dotted_order > b.dotted_order ? 1 : 0;
  return startMs(a) - startMs(b);
}

export function startMs(run: TRecord): number {
  const t = run.start_time;
  if (typeof t === "number") return t > 1e11 ? t : t * 1000;
  const ms = typeof t === "string" ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function dropNulls(r: TRecord): TRecord {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== undefined));
}

/** Depth-first path of runs, for metadata: "llm:ChatOpenAI", "tool:search", … */
export function runPath(runs: TRun[]): string[] {
  return runs.slice(0, 200).map((r) => `${r.run_type ?? "run"}:${r.name ?? "?"}`);
}

export function runExtraMetadata(run: TRecord): TRecord {
  return asRecord(asRecord(run.extra).metadata);
}
