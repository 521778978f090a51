import { db } from "../db/client";

/**
 * Recomputes a pool's trajectory count and content hash: SHA-256 over the trajectories' content
 * hashes in byte order (COLLATE "C"), each followed by "\n" — the same value on PostgreSQL and
 * PGlite and the same as earlier releases computed in the app. Runs record the hash so a result
 * can be tied to exactly the data it came from. Computed in the database: a pool of 200k
 * trajectories never passes through this process.
 */
export async function refreshPoolStats(poolId: string): Promise<{ trajectoryCount: number; contentHash: string | null }> {
  const [row] = await db().$queryRaw<{ trajectoryCount: number; contentHash: string | null }[]>`
    SELECT count(*)::int AS "trajectoryCount",
      encode(sha256(convert_to(string_agg("contentHash" || chr(10), '' ORDER BY "contentHash" COLLATE "C"), 'UTF8')), 'hex') AS "contentHash"
    FROM "trajectories" WHERE "poolId" = ${poolId}`;
  const trajectoryCount = row?.trajectoryCount ?? 0;
  const contentHash = trajectoryCount ? (row?.contentHash ?? null) : null;
  await db().pool.update({ where: { id: poolId }, data: { trajectoryCount, contentHash } });
  return { trajectoryCount, contentHash };
}
