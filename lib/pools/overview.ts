import { db } from "../db/client";
import { poolByName } from "./uploads";

export type TBucket = { label: string; count: number };
export type TPoolOverview = Awaited<ReturnType<typeof getPoolOverview>>;

// Log-scale buckets: trajectories range from a handful of steps to tens of thousands.
const STEP_EDGES = [1, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 20000];
const TOKEN_EDGES = [1000, 5000, 10000, 50000, 100000, 500000, 1000000, 5000000];

function histogram(values: number[], edges: number[]): TBucket[] {
  const buckets = [0, ...edges].map((lo, i) => ({ lo, hi: edges[i], count: 0 }));
  for (const v of values) {
    const b = buckets.findLast((x) => v >= x.lo) ?? buckets[0];
    b.count++;
  }
  const fmt = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
  // Each bucket is [lo, hi): "1k–5k" reads better than "1000–4999".
  return buckets.map((b) => ({ label: b.hi === undefined ? `≥${fmt(b.lo)}` : `${fmt(b.lo)}–${fmt(b.hi)}`, count: b.count }));
}

/** Just what the trajectory table's filter menus need; cheap at any pool size. */
export async function getPoolFacets(workspaceId: string, poolName: string) {
  const pool = await poolByName(workspaceId, poolName);
  const where = { poolId: pool.id };
  const [formats, models] = await Promise.all([
    db().trajectory.groupBy({ by: ["format"], where, _count: { _all: true }, orderBy: { format: "asc" } }),
    db().trajectory.groupBy({ by: ["model"], where, _count: { _all: true }, orderBy: { model: "asc" } }),
  ]);
  return { name: pool.name, total: pool.trajectoryCount, formats: formats.map((f) => f.format), models: models.flatMap((m) => (m.model ? [m.model] : [])) };
}

export async function getPoolOverview(workspaceId: string, poolName: string) {
  const pool = await poolByName(workspaceId, poolName);
  const where = { poolId: pool.id };
  const [byOutcome, byFormat, byModel, byHarness, bySplit, sizes, withErrors, withSecrets, uploads] = await Promise.all([
    db().trajectory.groupBy({ by: ["outcome"], where, _count: { _all: true } }),
    db().trajectory.groupBy({ by: ["format"], where, _count: { _all: true } }),
    db().trajectory.groupBy({ by: ["model"], where, _count: { _all: true } }),
    db().trajectory.groupBy({ by: ["harness"], where, _count: { _all: true } }),
    db().trajectory.groupBy({ by: ["split"], where, _count: { _all: true } }),
    db().trajectory.findMany({ where, select: { stepCount: true, tokensIn: true, tokensOut: true } }),
    db().trajectory.count({ where: { ...where, errorCount: { gt: 0 } } }),
    db().trajectory.count({ where: { ...where, secretCount: { gt: 0 } } }),
    db().upload.findMany({ where, orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  const list = <K extends string>(rows: ({ _count: { _all: number } } & Record<K, unknown>)[], key: K) =>
    rows.map((r) => ({ key: (r[key] as string | null) ?? "unknown", count: r._count._all })).sort((a, b) => b.count - a.count);
  const outcome = Object.fromEntries(byOutcome.map((r) => [r.outcome, r._count._all])) as Record<string, number>;
  return {
    id: pool.id,
    name: pool.name,
    description: pool.description,
    contentHash: pool.contentHash,
    total: sizes.length,
    outcome: { success: outcome.success ?? 0, failure: outcome.failure ?? 0, unknown: outcome.unknown ?? 0 },
    withErrors,
    withSecrets,
    holdoutRatio: pool.holdoutRatio,
    totalSteps: sizes.reduce((n, s) => n + s.stepCount, 0),
    totalTokens: sizes.reduce((n, s) => n + s.tokensIn + s.tokensOut, 0),
    formats: list(byFormat, "format"),
    models: list(byModel, "model"),
    harnesses: list(byHarness, "harness"),
    splits: list(bySplit, "split"),
    stepsHistogram: histogram(sizes.map((s) => s.stepCount), STEP_EDGES),
    tokensHistogram: histogram(sizes.map((s) => s.tokensIn + s.tokensOut), TOKEN_EDGES),
    uploads: uploads.map((u) => ({ id: u.id, status: u.status, fileCount: u.fileCount, imported: u.imported, duplicates: u.duplicates, rejected: u.rejected, createdAt: u.createdAt.toISOString() })),
  };
}
