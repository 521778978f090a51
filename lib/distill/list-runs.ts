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
  /** Analyses finished (done, skipped or failed) of all, for the list's progress column. */
  progress: { finished: number; failed: number; total: number };
};

export async function listRuns(workspaceId: string, limit = 100): Promise<TRunSummary[]> {
  const runs = await db().distillRun.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { pool: { select: { name: true } }, skill: { select: { name: true } } },
  });
  const counts = runs.length ? await db().analysis.groupBy({ by: ["runId", "status"], where: { runId: { in: runs.map((r) => r.id) } }, _count: true }) : [];
  const progressOf = (runId: string) => {
    const mine = counts.filter((c) => c.runId === runId);
    const n = (statuses: string[]) => mine.filter((c) => statuses.includes(c.status)).reduce((k, c) => k + c._count, 0);
    return { finished: n(["done", "skipped", "failed"]), failed: n(["failed"]), total: n(["pending", "running", "done", "skipped", "failed"]) };
  };
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
    progress: progressOf(r.id),
  }));
}
