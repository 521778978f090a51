import { db } from "../db/client";

export type TRunSummary = {
  id: string;
  pool: string;
  skill: string | null;
  mode: string;
  status: string;
  stage: string;
  costUsd: number;
  createdAt: string;
  finishedAt: string | null;
};

export async function listRuns(workspaceId: string, limit = 100): Promise<TRunSummary[]> {
  const runs = await db().distillRun.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { pool: { select: { name: true } }, skill: { select: { name: true } } },
  });
  return runs.map((r) => ({
    id: r.id,
    pool: r.pool.name,
    skill: r.skill?.name ?? r.createSkillName,
    mode: r.mode,
    status: r.status,
    stage: r.stage,
    costUsd: r.costUsd,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}
