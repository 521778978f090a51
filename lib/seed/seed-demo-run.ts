import { recordAudit } from "../audit";
import { db, type Prisma } from "../db/client";
import { createRun } from "../distill/create-run";
import { driveRun } from "../distill/drive-run";
import { ZCreateRun } from "../distill/run-config";
import { readRunSummary, type TRunSummary } from "../distill/run-summary";
import { env } from "../env";
import { DEMO_SKILL_NAME } from "./demo/spreadsheet-basics";
import { DEMO_POOL_NAME } from "./demo-pool";

// The demo workspace's finished run: spreadsheet-basics 1.0.0 deepened over the demo pool (error
// and success analysts), so a new user lands on real lessons, a merge tree and a proposal to
// review. It is always rule-based and driven here, during seeding: it costs nothing, needs no
// worker, and takes seconds — the demo must not spend a configured LLM's tokens unasked. Once per
// workspace (the audit event remembers it, as for the demo pool and skill); a seed interrupted
// mid-run (Ctrl-C on the first start) is resumed on the next start, since runs are resumable.

export const DEMO_RUN_SEEDED_ACTION = "demo_run.seed";
export const DEMO_RUN_BASE = `${DEMO_SKILL_NAME}@1.0.0`;

export type TDemoRunSeed = { seeded: true; runId: string; resumed: boolean; summary: TRunSummary } | { seeded: false; reason: "seeded_before" | "missing_inputs" };

async function driveDemoRun(runId: string): Promise<TRunSummary> {
  await driveRun(runId, { llm: null, maskSecrets: env().T2S_MASK_SECRETS });
  return readRunSummary(runId);
}

export async function seedDemoRun(workspaceId: string): Promise<TDemoRunSeed> {
  const before = await db().auditEvent.findFirst({ where: { workspaceId, action: DEMO_RUN_SEEDED_ACTION }, select: { entityId: true } });
  if (before) {
    const run = before.entityId ? await db().distillRun.findUnique({ where: { id: before.entityId }, select: { status: true } }) : null;
    if (run?.status === "queued" || run?.status === "running") return { seeded: true, runId: before.entityId!, resumed: true, summary: await driveDemoRun(before.entityId!) };
    return { seeded: false, reason: "seeded_before" };
  }
  const [pool, skill] = await Promise.all([
    db().pool.findUnique({ where: { workspaceId_name: { workspaceId, name: DEMO_POOL_NAME } }, select: { id: true } }),
    db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: DEMO_SKILL_NAME } }, select: { versions: { where: { version: "1.0.0" }, select: { id: true } } } }),
  ]);
  if (!pool || !skill?.versions.length) return { seeded: false, reason: "missing_inputs" };

  const input = ZCreateRun.parse({ pool: DEMO_POOL_NAME, skill: DEMO_RUN_BASE, config: { analysts: "combined" } });
  const { id } = await createRun(workspaceId, undefined, input, { llm: null, start: async () => undefined });
  const run = await db().distillRun.findUniqueOrThrow({ where: { id }, select: { config: true } });
  // Marked so the UI (and a curator) can tell the seeded example from their own runs.
  await db().distillRun.update({ where: { id }, data: { config: { ...(run.config as object), demo: true } as Prisma.InputJsonValue } });
  // Recorded before driving: a failed demo run shows as such and is not started again on every start.
  await recordAudit({ workspaceId, principal: undefined, action: DEMO_RUN_SEEDED_ACTION, entityType: "run", entityId: id, after: { pool: DEMO_POOL_NAME, skill: DEMO_RUN_BASE, analysts: "combined", models: "rule-based" } });
  return { seeded: true, runId: id, resumed: false, summary: await driveDemoRun(id) };
}
