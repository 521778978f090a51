import { createHash } from "node:crypto";
import { db, type Prisma } from "../db/client";
import { evolveTrajectoryWhere } from "../pools/split";
import type { TRunConfig } from "./run-config";

// Which trajectories a run analyses: only the evolve split (held-out ones can never feed a run),
// filtered by the analyst mix, optionally a deterministic sample. The order (by a hash of run
// seed and id) is fixed once and stored as each analysis' position, so patch keys are stable.

export function outcomesFor(config: Pick<TRunConfig, "analysts" | "includeUnknown">): ("success" | "failure" | "unknown")[] {
  const base: ("success" | "failure")[] = config.analysts === "error" ? ["failure"] : config.analysts === "success" ? ["success"] : ["failure", "success"];
  return config.includeUnknown ? [...base, "unknown"] : base;
}

export function selectionWhere(poolId: string, config: Pick<TRunConfig, "analysts" | "includeUnknown">): Prisma.TrajectoryWhereInput {
  return { ...evolveTrajectoryWhere(poolId), outcome: { in: outcomesFor(config) } };
}

const rank = (seed: string, id: string) => createHash("sha256").update(`${seed}:${id}`).digest("hex");

/** The ids a run will analyse, in run order. */
export async function selectTrajectories(poolId: string, config: TRunConfig, seed: string): Promise<string[]> {
  const rows = await db().trajectory.findMany({ where: selectionWhere(poolId, config), select: { id: true } });
  const ranked = rows.map((r) => ({ id: r.id, rank: rank(seed, r.id) })).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return (config.sample ? ranked.slice(0, config.sample) : ranked).map((r) => r.id);
}
