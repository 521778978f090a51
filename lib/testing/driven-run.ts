import { createHash } from "node:crypto";
import { db } from "../db/client";
import { createRun } from "../distill/create-run";
import { driveRun } from "../distill/drive-run";
import { ZCreateRun } from "../distill/run-config";
import { demoTrajectories, SAMPLE_SKILL } from "../distill/testing/fixtures";
import type { Llm } from "../llm/types";
import type { TSkillFiles } from "../skills/patch";
import { createTestPool, createTestWorkspace, setupPrincipal, type TTestWorkspace } from "./builders";
import { importTestTrajectories, type TTrajectorySpec } from "./trajectories";

// A real run, created and driven to its end in-process (no job queue): a pool with the first
// `count` demo trajectories and a published skill version "xlsx@1.0.0" to deepen.

export async function createTestSkillVersion(ws: { id: string }, name = "xlsx", files: TSkillFiles = SAMPLE_SKILL): Promise<{ skillId: string; versionId: string }> {
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name } });
  const rows = Object.entries(files).map(([path, content]) => ({ path, content, sha256: createHash("sha256").update(content).digest("hex"), size: content.length }));
  const version = await db().skillVersion.create({ data: { skillId: skill.id, version: "1.0.0", contentHash: `h-${skill.id}`, files: { create: rows } } });
  await db().distTag.create({ data: { skillId: skill.id, name: "latest", versionId: version.id } });
  return { skillId: skill.id, versionId: version.id };
}

/** A pool of the first `count` demo trajectories and skill xlsx@1.0.0, in `ws` or a new workspace. */
export async function setupDistillPool(count: number, inWorkspace?: TTestWorkspace): Promise<{ ws: TTestWorkspace; pool: { id: string; name: string } }> {
  const ws = inWorkspace ?? (await createTestWorkspace());
  const pool = await createTestPool({ workspace: ws });
  await importTestTrajectories(ws, pool, (await demoTrajectories()).slice(0, count) as TTrajectorySpec[]);
  if (!(await db().skill.findUnique({ where: { workspaceId_name: { workspaceId: ws.id, name: "xlsx" } } }))) await createTestSkillVersion(ws);
  return { ws, pool };
}

export async function driveTestRun(ws: { id: string }, pool: { name: string }, config: Record<string, unknown> = {}, llm: Llm | null = null): Promise<string> {
  const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", minSupport: 1, ...config } });
  const { id } = await createRun(ws.id, setupPrincipal(ws), input, { llm, start: async () => undefined });
  await driveRun(id, { llm, maskSecrets: true });
  return id;
}
