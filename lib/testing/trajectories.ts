import { db } from "../db/client";
import { contentHashOf, saveBatch } from "../pools/import/save-trajectories";
import { refreshPoolStats } from "../pools/stats";
import { createUpload } from "../pools/uploads";
import type { TStep, TTrajectory } from "../traces/model";
import { setupPrincipal } from "./builders";
import { randomId } from "./ids";

// Trajectories stored through the import path itself (saveBatch), so tests see the columns an
// import fills (split, secret flags, imported outcome) exactly as the product writes them.

export type TTrajectorySpec = Partial<Omit<TTrajectory, "steps">> & { steps?: (Partial<TStep> & { text: string })[] };

export function trajectoryOf(spec: TTrajectorySpec = {}): TTrajectory {
  const externalId = spec.externalId ?? randomId("traj");
  return {
    externalId,
    instruction: spec.instruction ?? `Task ${externalId}`,
    outcome: spec.outcome ?? "unknown",
    harness: spec.harness ?? "test",
    tokens: spec.tokens ?? { input: 0, output: 0 },
    metadata: spec.metadata ?? {},
    ...(spec.taskId !== undefined ? { taskId: spec.taskId } : {}),
    ...(spec.reward !== undefined ? { reward: spec.reward } : {}),
    ...(spec.model !== undefined ? { model: spec.model } : {}),
    steps: (spec.steps ?? [{ text: `Do ${externalId}` }]).map((s, index) => ({ role: "assistant", kind: "message", ...s, index })),
  };
}

/** Imports the trajectories into the pool as one upload; returns their database ids in order. */
export async function importTestTrajectories(ws: { id: string }, pool: { id: string; name: string }, specs: TTrajectorySpec[]): Promise<string[]> {
  const upload = await createUpload(ws.id, pool.name, setupPrincipal(ws), {});
  const trajectories = specs.map(trajectoryOf);
  await saveBatch(pool.id, upload.id, trajectories.map((trajectory) => ({ trajectory, format: "studio-jsonl", sourceFile: "test.jsonl" })));
  await refreshPoolStats(pool.id);
  const rows = await db().trajectory.findMany({ where: { poolId: pool.id }, select: { id: true, contentHash: true } });
  const byHash = new Map(rows.map((r) => [r.contentHash, r.id]));
  return trajectories.map((t) => byHash.get(contentHashOf(t))!);
}
