import { createHash } from "node:crypto";
import { db } from "../db/client";

/**
 * Recomputes a pool's trajectory count and content hash (SHA-256 over the sorted trajectory
 * hashes). Runs record the hash so a result can be tied to exactly the data it came from.
 */
export async function refreshPoolStats(poolId: string): Promise<{ trajectoryCount: number; contentHash: string | null }> {
  const rows = await db().trajectory.findMany({ where: { poolId }, select: { contentHash: true }, orderBy: { contentHash: "asc" } });
  const hash = createHash("sha256");
  for (const r of rows) hash.update(r.contentHash).update("\n");
  const contentHash = rows.length ? hash.digest("hex") : null;
  await db().pool.update({ where: { id: poolId }, data: { trajectoryCount: rows.length, contentHash } });
  return { trajectoryCount: rows.length, contentHash };
}
