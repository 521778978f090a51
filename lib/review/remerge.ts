import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { TStartRun } from "../distill/create-run";
import { runInWorkspace } from "./items";

// Re-merge after curators rejected or edited lessons: the run goes through its stages again, and
// the durable steps make everything unaffected free — MAP steps are keyed by the lessons' content,
// merge nodes by their inputs, so only the changed trajectories' patches and the merge path above
// them call the model again. Decisions on items that did not change carry over (reconcile-items).

export async function requestRemerge(workspaceId: string, runId: string, principal: TPrincipal | undefined, start: TStartRun): Promise<{ runId: string }> {
  const run = await runInWorkspace(workspaceId, runId);
  if (run.status === "queued" || run.status === "running") throw new AppError("conflict:run_active", "This run is still working; re-merge once it has finished.");
  await db().distillRun.update({ where: { id: runId }, data: { status: "queued", stage: "queued", error: null, finishedAt: null, cancelRequested: false } });
  await recordAudit({ workspaceId, principal, action: "run.remerge", entityType: "run", entityId: runId, before: { status: run.status } });
  await start(runId);
  return { runId };
}
