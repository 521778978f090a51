import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { db, Prisma } from "../db/client";
import { poolByName } from "./uploads";

// The held-out split. A trajectory is held out when sha256(poolId + ':' + (taskId ?? externalId))
// falls below the pool's ratio, so the split is deterministic (same data, same split, on any
// machine), and every trajectory of one task lands on the same side: no task can leak from the
// evolve set into the held-out set. The ratio lives on the pool and is applied again to every
// trajectory imported later (save-trajectories.ts).
//
// Held-out trajectories can NEVER feed a distillation run: run code selects its trajectories with
// evolveTrajectoryWhere() and nothing else. They exist to measure a skill on tasks it was not
// distilled from.

export const ZHoldoutRatio = z.number().min(0).max(0.9);
export const ZSetSplit = z.object({ ratio: ZHoldoutRatio });

// 48 bits of the hash: exact as a JS number and as a PostgreSQL bigint, so both sides agree.
const BUCKET_HEX = 12;
const BUCKETS = 2 ** 48;

/** The trajectories a distillation run may read from a pool: never the held-out ones. */
export function evolveTrajectoryWhere(poolId: string): Prisma.TrajectoryWhereInput {
  return { poolId, split: "evolve" };
}

export function holdoutThreshold(ratio: number): number {
  return Math.floor(ZHoldoutRatio.parse(ratio) * BUCKETS);
}

export function splitBucketOf(poolId: string, t: { taskId?: string | null; externalId: string }): number {
  const hex = createHash("sha256").update(`${poolId}:${t.taskId ?? t.externalId}`, "utf8").digest("hex");
  return parseInt(hex.slice(0, BUCKET_HEX), 16);
}

/** The side a trajectory belongs on; the same rule as the SQL in setHoldoutSplit. */
export function splitFor(poolId: string, t: { taskId?: string | null; externalId: string }, ratio: number): "evolve" | "holdout" {
  return ratio > 0 && splitBucketOf(poolId, t) < holdoutThreshold(ratio) ? "holdout" : "evolve";
}

const bucketSql = Prisma.sql`('x' || left(encode(sha256(convert_to("poolId" || ':' || coalesce("taskId", "externalId"), 'UTF8')), 'hex'), ${BUCKET_HEX}))::bit(48)::bigint`;
const sideSql = (threshold: number) => Prisma.sql`(CASE WHEN ${bucketSql} < ${threshold}::bigint THEN 'holdout' ELSE 'evolve' END)::"Split"`;

export type TSplitPreview = { ratio: number; currentRatio: number; total: number; holdout: number; evolve: number; holdoutTasks: number; changes: number };

/** What setHoldoutSplit(ratio) would do, without doing it. */
export async function previewHoldoutSplit(workspaceId: string, poolName: string, ratio: number): Promise<TSplitPreview> {
  const pool = await poolByName(workspaceId, poolName);
  const side = sideSql(holdoutThreshold(ratio));
  const [row] = await db().$queryRaw<{ total: bigint; holdout: bigint; tasks: bigint; changes: bigint }[]>`
    SELECT count(*) AS total,
           count(*) FILTER (WHERE s = 'holdout') AS holdout,
           count(DISTINCT coalesce("taskId", "externalId")) FILTER (WHERE s = 'holdout') AS tasks,
           count(*) FILTER (WHERE s <> "split") AS changes
    FROM (SELECT ${side} AS s, "taskId", "externalId", "split" FROM "trajectories" WHERE "poolId" = ${pool.id}) x`;
  const total = Number(row.total);
  const holdout = Number(row.holdout);
  return { ratio, currentRatio: pool.holdoutRatio, total, holdout, evolve: total - holdout, holdoutTasks: Number(row.tasks), changes: Number(row.changes) };
}

/** Stores the ratio on the pool and moves every trajectory to its side; audited. */
export async function setHoldoutSplit(workspaceId: string, poolName: string, ratio: number, principal: TPrincipal | undefined): Promise<TSplitPreview> {
  const pool = await poolByName(workspaceId, poolName);
  const threshold = holdoutThreshold(ratio);
  const moved = await db().$transaction(async (tx) => {
    // Imports read the ratio under a key-share lock on this row (save-trajectories.ts): taking it
    // for update means no batch can insert with the old ratio after the rows below are re-split.
    const [locked] = await tx.$queryRaw<{ holdoutRatio: number }[]>`SELECT "holdoutRatio" FROM "pools" WHERE "id" = ${pool.id} FOR UPDATE`;
    await tx.pool.update({ where: { id: pool.id }, data: { holdoutRatio: ratio } });
    const side = sideSql(threshold);
    const changed = await tx.$executeRaw`UPDATE "trajectories" SET "split" = ${side} WHERE "poolId" = ${pool.id} AND "split" <> ${side}`;
    await recordAudit({ workspaceId, principal, action: "pool.split.set", entityType: "pool", entityId: pool.id, before: { holdoutRatio: locked.holdoutRatio }, after: { holdoutRatio: ratio, moved: changed } }, tx);
    return changed;
  }, { timeout: 120_000 });
  const result = await previewHoldoutSplit(workspaceId, poolName, ratio);
  return { ...result, changes: moved };
}
