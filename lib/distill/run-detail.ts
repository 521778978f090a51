import { z } from "zod";
import { db } from "../db/client";
import { notFound } from "../errors";
import { ZRunConfig } from "./run-config";

// What the run page shows above the progress: which pool, which base (or the skill it creates),
// and everything recorded at creation (config, models, prompt versions, pool hash) that explains
// the result. Runs are always looked up within the caller's workspace, so an id from another
// workspace is simply "not found".

export const ZRunModels = z.object({ kind: z.enum(["llm", "rule-based"]).catch("rule-based"), analyst: z.string().optional(), mapper: z.string().optional(), merger: z.string().optional(), translator: z.string().optional() });

export const ZRunDetail = z.object({
  id: z.string(),
  pool: z.object({ id: z.string(), name: z.string() }),
  base: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("deepen"), skill: z.string(), version: z.string().nullable() }),
    z.object({ kind: z.literal("create"), skill: z.string(), description: z.string().nullable() }),
  ]),
  mode: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "cancelled"]),
  stage: z.string(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  config: ZRunConfig.extend({ seed: z.string().optional(), selected: z.number().optional() }),
  models: ZRunModels,
  promptVersions: z.object({ versions: z.record(z.string(), z.unknown()).default({}), sha256: z.record(z.string(), z.unknown()).default({}) }).catch({ versions: {}, sha256: {} }),
  poolContentHash: z.string().nullable(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  summary: z.unknown().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TRunDetail = z.infer<typeof ZRunDetail>;

/** The run's id and status, or not_found:run when it is not in this workspace. */
export async function findRun(workspaceId: string, runId: string) {
  const run = await db().distillRun.findFirst({ where: { id: runId, workspaceId }, select: { id: true, status: true, workspaceId: true, cancelRequested: true } });
  if (!run) throw notFound("run");
  return run;
}

export async function getRunDetail(workspaceId: string, runId: string): Promise<TRunDetail> {
  const r = await db().distillRun.findFirst({
    where: { id: runId, workspaceId },
    include: { pool: { select: { id: true, name: true } }, skill: { select: { name: true } }, baseVersion: { select: { version: true } } },
  });
  if (!r) throw notFound("run");
  const config = r.config as Record<string, unknown>;
  const counters = (r.counters ?? {}) as { summary?: unknown };
  return ZRunDetail.parse({
    id: r.id,
    pool: r.pool,
    base: r.createSkillName
      ? { kind: "create", skill: r.createSkillName, description: typeof config.createDescription === "string" ? config.createDescription : null }
      : { kind: "deepen", skill: r.skill?.name ?? "(deleted skill)", version: r.baseVersion?.version ?? null },
    mode: r.mode,
    status: r.status,
    stage: r.stage,
    error: r.error,
    cancelRequested: r.cancelRequested,
    config,
    models: r.models,
    promptVersions: r.promptVersions,
    poolContentHash: r.poolContentHash,
    tokensIn: r.tokensIn,
    tokensOut: r.tokensOut,
    costUsd: r.costUsd,
    summary: counters.summary ?? null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  });
}
