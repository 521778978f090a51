import { randomUUID } from "node:crypto";
import { enginePool } from "../db/client";
import { createBatcher } from "../db/batcher";
import type { TLlmUsage } from "../llm/types";
import type { TLessonKind } from "./lessons";

// The database side of durable steps, on the hot path of every run: 64 lanes each claim a step,
// wait for the LLM and commit its answer, twice per trajectory. Claims and commits are written in
// adaptive batches (lib/db/batcher.ts), set-based, straight through enginePool(): one statement
// per table per batch instead of one ORM round trip per row (bench:distill measured ~21 statements
// per trajectory through Prisma, and its per-query CPU, as the bottleneck of a run).
//
// A step's commit is atomic: its done mark and its domain rows (TStepRows) go in one statement.
// A batch is one statement; when it fails, its steps are committed one by one, so a bad row
// fails its own step only.

/** Domain rows a successful step writes together with its done mark. */
export type TStepRows = {
  usage?: TLlmUsage;
  analysis?: TAnalysisRow;
  lessons?: TLessonRow[];
  patch?: TPatchRow;
};

export type TAnalysisRow = {
  id: string;
  status: "done" | "skipped";
  analyst: string;
  output: unknown;
  error: string | null;
  invalidCitations: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
};

export type TLessonRow = {
  id: string;
  runId: string;
  analysisId: string;
  trajectoryId: string;
  kind: TLessonKind;
  number: number;
  title: string;
  description: string;
  content: string;
  stepRefs: number[];
};

export type TPatchRow = {
  runId: string;
  level: number;
  index: number;
  status: "ok" | "failed" | "passthrough" | "forced";
  inputIds: string[];
  sourceTrajectoryIds: string[];
  sourceLessonIds: string[];
  reasoning: string;
  edits: unknown;
  changelog: unknown;
  detail: unknown;
  error: string | null;
};

// Prisma keeps TIMESTAMP(3) columns in UTC; now() is converted explicitly so a server whose
// TimeZone is not UTC stores the same wall time as Prisma's writes.
const NOW = `(now() AT TIME ZONE 'UTC')`;

// Patch rows are written by MAP commits and by merge nodes with the same upsert: an existing row
// (run, level, index) keeps its id, which proposal items point at.
const PATCH_COLS = `"id", "runId", "level", "index", "status", "inputIds", "sourceTrajectoryIds", "sourceLessonIds", "reasoning", "edits", "changelog", "detail", "error", "createdAt"`;
const PATCH_SET = ["status", "inputIds", "sourceTrajectoryIds", "sourceLessonIds", "reasoning", "edits", "changelog", "detail", "error"].map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ");
const upsertPatchesFrom = (param: string) =>
  `INSERT INTO patches (${PATCH_COLS}) SELECT ${PATCH_COLS} FROM json_populate_recordset(NULL::patches, ${param}::json) ON CONFLICT ("runId", "level", "index") DO UPDATE SET ${PATCH_SET}`;
const patchRecords = (rows: TPatchRow[], now: string) => rows.map((r) => ({ id: randomUUID(), createdAt: now, ...r }));

export type TClaim = { claimed: true; output: unknown } | { claimed: false; status: string | null; output: unknown };
type TClaimItem = { runId: string; key: string; staleBefore: Date };

async function claimBatch(items: TClaimItem[]): Promise<TClaim[]> {
  // The same key twice in one statement would be an error; the later asks see it taken.
  const first = new Map<string, number>();
  items.forEach((it, i) => first.has(`${it.runId}\0${it.key}`) || first.set(`${it.runId}\0${it.key}`, i));
  const unique = [...first.values()].map((i) => items[i]!);
  const param = JSON.stringify(unique.map((it) => ({ id: randomUUID(), runId: it.runId, key: it.key, stale: it.staleBefore.toISOString() })));
  const { rows } = await enginePool().query<{ runId: string; key: string; output: unknown }>(
    `WITH x AS (SELECT * FROM json_to_recordset($1::json) AS x(id text, "runId" text, key text, stale timestamptz))
     INSERT INTO durable_steps AS d (id, "runId", key, status, attempts, "createdAt", "updatedAt")
     SELECT id, "runId", key, 'running', 1, ${NOW}, ${NOW} FROM x
     ON CONFLICT ("runId", key) DO UPDATE SET status = 'running', attempts = d.attempts + 1, error = NULL, "updatedAt" = ${NOW}
     WHERE d.status IN ('pending', 'failed')
        OR (d.status = 'running' AND d."updatedAt" < (SELECT x.stale AT TIME ZONE 'UTC' FROM x WHERE x."runId" = d."runId" AND x.key = d.key))
     RETURNING d."runId", d.key, d.output`,
    [param],
  );
  const claimed = new Map(rows.map((r) => [`${r.runId}\0${r.key}`, r.output]));
  const missing = items.filter((it) => !claimed.has(`${it.runId}\0${it.key}`));
  const existing = new Map<string, { status: string; output: unknown }>();
  if (missing.length) {
    const { rows: found } = await enginePool().query<{ runId: string; key: string; status: string; output: unknown }>(
      `SELECT d."runId", d.key, d.status::text AS status, d.output FROM durable_steps d
       JOIN json_to_recordset($1::json) AS x("runId" text, key text) ON x."runId" = d."runId" AND x.key = d.key`,
      [JSON.stringify(missing.map((m) => ({ runId: m.runId, key: m.key })))],
    );
    for (const f of found) existing.set(`${f.runId}\0${f.key}`, f);
  }
  return items.map((it, i) => {
    const id = `${it.runId}\0${it.key}`;
    if (first.get(id) === i && claimed.has(id)) return { claimed: true, output: claimed.get(id) ?? null };
    const row = existing.get(id);
    return { claimed: false, status: row?.status ?? null, output: row?.output ?? null };
  });
}

export type TCommitItem = { runId: string; key: string; output: unknown; rows: TStepRows };

/**
 * Writes a batch of step commits as ONE statement: data-modifying CTEs, one per table, each fed
 * by a JSON parameter (an empty array writes nothing). A single statement is atomic by itself, so
 * the batch needs no BEGIN/COMMIT round trips, and the CTEs touch different tables.
 */
async function writeCommits(items: TCommitItem[]): Promise<void> {
  const now = new Date().toISOString();
  const steps = items.map((i) => ({ runId: i.runId, key: i.key, output: i.output ?? null }));
  const analyses = items.flatMap((i) => (i.rows.analysis ? [i.rows.analysis] : []));
  const lessons = items.flatMap((i) => (i.rows.lessons ?? []).map((l) => ({ ...l, createdAt: now, updatedAt: now })));
  const patches = patchRecords(items.flatMap((i) => (i.rows.patch ? [i.rows.patch] : [])), now);
  const usage = new Map<string, TLlmUsage>();
  for (const i of items) {
    const u = i.rows.usage;
    if (!u || (!u.tokensIn && !u.tokensOut && !u.costUsd)) continue;
    const sum = usage.get(i.runId) ?? { tokensIn: 0, tokensOut: 0, costUsd: 0 };
    usage.set(i.runId, { tokensIn: sum.tokensIn + u.tokensIn, tokensOut: sum.tokensOut + u.tokensOut, costUsd: sum.costUsd + u.costUsd });
  }
  const lessonCols = `"id", "runId", "analysisId", "trajectoryId", "kind", "number", "title", "description", "content", "stepRefs", "createdAt", "updatedAt"`;
  await enginePool().query(
    `WITH
     s AS (UPDATE durable_steps d SET status = 'done', error = NULL, output = x.output, "updatedAt" = ${NOW}
           FROM json_to_recordset($1::json) AS x("runId" text, key text, output jsonb)
           WHERE d."runId" = x."runId" AND d.key = x.key RETURNING 1),
     a AS (UPDATE analyses a SET status = x.status, analyst = x.analyst, output = x.output, error = x.error, "invalidCitations" = x."invalidCitations",
             "tokensIn" = x."tokensIn", "tokensOut" = x."tokensOut", "costUsd" = x."costUsd", "finishedAt" = ${NOW}
           FROM json_populate_recordset(NULL::analyses, $2::json) AS x WHERE a.id = x.id RETURNING 1),
     l AS (INSERT INTO lessons (${lessonCols}) SELECT ${lessonCols} FROM json_populate_recordset(NULL::lessons, $3::json) RETURNING 1),
     p AS (${upsertPatchesFrom("$4")} RETURNING 1),
     -- Increments, not assignments: other workers commit to the same run row.
     r AS (UPDATE distill_runs r SET "tokensIn" = r."tokensIn" + x."tokensIn", "tokensOut" = r."tokensOut" + x."tokensOut", "costUsd" = r."costUsd" + x."costUsd"
           FROM json_to_recordset($5::json) AS x(id text, "tokensIn" int, "tokensOut" int, "costUsd" float8) WHERE r.id = x.id RETURNING 1)
     SELECT 1`,
    [steps, analyses, lessons, patches, [...usage].map(([id, u]) => ({ id, ...u }))].map((v) => JSON.stringify(v)),
  );
}

async function commitBatch(items: TCommitItem[]): Promise<(undefined | Error)[]> {
  try {
    await writeCommits(items);
    return items.map(() => undefined);
  } catch (e) {
    if (items.length === 1) return [e instanceof Error ? e : new Error(String(e))];
  }
  // Isolate the bad step: each alone, so the others still commit.
  const out: (undefined | Error)[] = [];
  for (const item of items) {
    try {
      await writeCommits([item]);
      out.push(undefined);
    } catch (e) {
      out.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

// Merge nodes are written after their step (a node without a call has none), 200 at once on the
// first level of a 1,000-trajectory run.
async function upsertPatchBatch(rows: TPatchRow[]): Promise<string[]> {
  const { rows: out } = await enginePool().query<{ id: string; runId: string; level: number; index: number }>(`${upsertPatchesFrom("$1")} RETURNING id, "runId", "level", "index"`, [
    JSON.stringify(patchRecords(rows, new Date().toISOString())),
  ]);
  const ids = new Map(out.map((r) => [`${r.runId}\0${r.level}\0${r.index}`, r.id]));
  return rows.map((r) => ids.get(`${r.runId}\0${r.level}\0${r.index}`)!);
}

async function markRunningBatch(ids: string[]): Promise<void[]> {
  await enginePool().query(`UPDATE analyses SET status = 'running', "startedAt" = ${NOW}, attempts = attempts + 1 WHERE id = ANY($1::text[])`, [ids]);
  return ids.map(() => undefined);
}

const claims = createBatcher(claimBatch, { maxItems: 128 });
const commits = createBatcher(commitBatch, { maxItems: 64 });
const patchUpserts = createBatcher(upsertPatchBatch, { maxItems: 128 });
const runningMarks = createBatcher(markRunningBatch, { maxItems: 128 });

/** Marks an analysis "running" (for the progress bars) as its lane starts it. */
export function markAnalysisRunning(id: string): Promise<void> {
  return runningMarks.add(id);
}

/** Inserts or updates the patch row (run, level, index); resolves with its id. */
export function upsertPatch(row: TPatchRow): Promise<string> {
  return patchUpserts.add(row);
}

/** Sets parentId on patch rows, in one statement. */
export async function linkPatchParents(links: { id: string; parentId: string }[]): Promise<void> {
  await enginePool().query(`UPDATE patches p SET "parentId" = x."parentId" FROM json_to_recordset($1::json) AS x(id text, "parentId" text) WHERE p.id = x.id`, [JSON.stringify(links)]);
}

/** Creates the step or takes it over (pending, failed, or running since before `staleBefore`). */
export function claimStep(runId: string, key: string, staleBefore: Date): Promise<TClaim> {
  return claims.add({ runId, key, staleBefore });
}

/** Marks the step done with its answer and writes its domain rows, atomically. */
export function commitStep(item: TCommitItem): Promise<void> {
  return commits.add(item);
}
