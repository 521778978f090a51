import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit";
import { actorOf, type TPrincipal } from "../auth/principal";
import { db, type Prisma } from "../db/client";
import { AppError, notFound } from "../errors";
import type { Llm } from "../llm/types";
import { LLM_ROLES } from "../llm/types";
import { poolByName } from "../pools/uploads";
import { promptHashes, promptVersions } from "./prompts";
import { outcomesFor, selectTrajectories } from "./select-trajectories";
import { parseSkillRef, type TCreateRun } from "./run-config";

// Starting a run: resolve names, choose the trajectories (evolve split only), record everything a
// later reader needs to explain the result (config, models or "rule-based", prompt versions and
// hashes, the pool's content hash), create one pending analysis per trajectory, then queue it.
// The queue is passed in so the web tier, the CLI and tests send the job their own way.

const ANALYSIS_BATCH = 5000;

export type TStartRun = (runId: string) => Promise<void>;

export async function resolveBase(workspaceId: string, input: TCreateRun) {
  if (input.create) {
    const existing = await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: input.create.name } } });
    if (existing) throw new AppError("conflict:skill", `A skill named "${input.create.name}" exists already; deepen it instead (skill: "${input.create.name}").`);
    return { skillId: null, baseVersionId: null, createSkillName: input.create.name };
  }
  const ref = parseSkillRef(input.skill!);
  const skill = await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: ref.name } }, include: { distTags: { where: { name: "latest" } } } });
  if (!skill) throw notFound("skill");
  const version = ref.version
    ? await db().skillVersion.findUnique({ where: { skillId_version: { skillId: skill.id, version: ref.version } } })
    : skill.distTags[0]
      ? await db().skillVersion.findUnique({ where: { id: skill.distTags[0].versionId } })
      : await db().skillVersion.findFirst({ where: { skillId: skill.id }, orderBy: { publishedAt: "desc" } });
  if (!version) throw new AppError("not_found:skill_version", ref.version ? `Skill ${ref.name} has no version ${ref.version}.` : `Skill ${ref.name} has no published version yet.`);
  return { skillId: skill.id, baseVersionId: version.id, createSkillName: null };
}

export async function createRun(workspaceId: string, principal: TPrincipal | undefined, input: TCreateRun, deps: { llm: Llm | null; start: TStartRun }): Promise<{ id: string; trajectories: number }> {
  const pool = await poolByName(workspaceId, input.pool);
  const base = await resolveBase(workspaceId, input);
  const seed = randomUUID();
  const ids = await selectTrajectories(pool.id, input.config, seed);
  if (!ids.length) {
    throw new AppError(
      "invalid_input:empty_selection",
      `Pool "${pool.name}" has no ${outcomesFor(input.config).join(" or ")} trajectories in its evolve split to analyse. Label outcomes, choose another analyst mix, or allow unknown outcomes.`,
    );
  }
  const models = deps.llm ? { kind: "llm", ...Object.fromEntries(LLM_ROLES.map((r) => [r, deps.llm!.modelFor(r)])) } : { kind: "rule-based" };
  const run = await db().distillRun.create({
    data: {
      workspaceId,
      poolId: pool.id,
      ...base,
      mode: input.config.analysts,
      config: { ...input.config, seed, selected: ids.length, ...(input.create ? { createDescription: input.create.description } : {}) } as Prisma.InputJsonValue,
      models,
      promptVersions: { versions: promptVersions(), sha256: promptHashes() },
      poolContentHash: pool.contentHash,
      createdById: actorOf(principal).actorId ?? null,
    },
  });
  for (let i = 0; i < ids.length; i += ANALYSIS_BATCH) {
    await db().analysis.createMany({ data: ids.slice(i, i + ANALYSIS_BATCH).map((trajectoryId, k) => ({ runId: run.id, trajectoryId, position: i + k, analyst: "pending" })) });
  }
  await recordAudit({ workspaceId, principal, action: "run.create", entityType: "run", entityId: run.id, after: { pool: pool.name, skill: input.skill ?? null, create: input.create?.name ?? null, config: input.config, trajectories: ids.length, models } });
  await deps.start(run.id);
  return { id: run.id, trajectories: ids.length };
}
