import { db } from "../db/client";
import { trajectoryInWorkspace } from "./steps";

export type TTrajectoryDetail = Awaited<ReturnType<typeof getTrajectoryDetail>>;

/** Everything the viewer's side panel shows; steps come separately, page by page. */
export async function getTrajectoryDetail(workspaceId: string, id: string) {
  const t = await trajectoryInWorkspace(workspaceId, id);
  const file = t.uploadId && t.sourceFile ? await db().uploadFile.findFirst({ where: { uploadId: t.uploadId, name: t.sourceFile }, select: { id: true, size: true } }) : null;
  const record = t as typeof t & { secretKinds?: string[]; secretCount?: number; secretSteps?: number[] };
  return {
    id: t.id,
    pool: t.pool.name,
    externalId: t.externalId,
    taskId: t.taskId,
    instruction: t.instruction,
    outcome: t.outcome,
    reward: t.reward,
    model: t.model,
    harness: t.harness,
    format: t.format,
    split: t.split,
    stepCount: t.stepCount,
    errorCount: t.errorCount,
    tokensIn: t.tokensIn,
    tokensOut: t.tokensOut,
    durationMs: t.durationMs,
    sourceFile: t.sourceFile,
    sourceLine: t.sourceLine,
    sourceRecord: t.sourceRecord,
    hasOriginal: Boolean(file),
    secrets: { count: record.secretCount ?? 0, kinds: record.secretKinds ?? [], steps: record.secretSteps ?? [] },
    metadata: t.metadata as Record<string, unknown>,
    createdAt: t.createdAt.toISOString(),
  };
}
