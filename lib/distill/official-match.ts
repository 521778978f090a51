import { db } from "../db/client";
import { evolveTrajectoryWhere } from "../pools/split";

// Official records name their trajectory by instance id ("10747", or "10747_seed_42" for repeated
// seeds). Our trace2skill-log importer stores externalId "<agent>:<instance>[_seed_n]" and taskId
// "<instance>"; other formats keep the harness's own id. Matching tries, in order: the externalId
// itself, an externalId ending in ":<id>", then a taskId held by exactly one trajectory. Only the
// evolve split is searched — held-out trajectories never enter a run.

export type TMatch = { trajectoryId: string; outcome: string } | { unmatched: string };

export async function matchInstances(poolId: string, ids: string[]): Promise<Map<string, TMatch>> {
  const rows = await db().trajectory.findMany({ where: evolveTrajectoryWhere(poolId), select: { id: true, externalId: true, taskId: true, outcome: true } });
  const held = new Set((await db().trajectory.findMany({ where: { poolId, split: "holdout" }, select: { externalId: true, taskId: true } })).flatMap((r) => [r.externalId, r.taskId ?? ""]));
  const byExternal = new Map(rows.map((r) => [r.externalId, r]));
  const bySuffix = new Map<string, typeof rows>();
  const byTask = new Map<string, typeof rows>();
  for (const r of rows) {
    const colon = r.externalId.lastIndexOf(":");
    if (colon >= 0) bySuffix.set(r.externalId.slice(colon + 1), [...(bySuffix.get(r.externalId.slice(colon + 1)) ?? []), r]);
    if (r.taskId) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  }
  const out = new Map<string, TMatch>();
  for (const id of ids) {
    const hit = byExternal.get(id) ?? (bySuffix.get(id)?.length === 1 ? bySuffix.get(id)![0] : undefined) ?? (byTask.get(id)?.length === 1 ? byTask.get(id)![0] : undefined);
    if (hit) out.set(id, { trajectoryId: hit.id, outcome: hit.outcome });
    else if (held.has(id) || [...held].some((h) => h.endsWith(`:${id}`))) out.set(id, { unmatched: "held out: held-out trajectories never feed a run" });
    else if ((bySuffix.get(id)?.length ?? 0) > 1 || (byTask.get(id)?.length ?? 0) > 1) out.set(id, { unmatched: "ambiguous: several trajectories of the pool have this id (give the _seed_N form)" });
    else out.set(id, { unmatched: "no trajectory of the pool has this instance id" });
  }
  return out;
}
