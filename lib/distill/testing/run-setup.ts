import { createHash } from "node:crypto";
import { db } from "../../db/client";
import { createTestPool, createTestWorkspace } from "../../testing/builders";
import { importTestTrajectories, type TTrajectorySpec } from "../../testing/trajectories";
import { demoTrajectories, SAMPLE_SKILL } from "./fixtures";

// A workspace with a pool of `count` demo trajectories and a published skill "xlsx" 1.0.0 (tagged
// latest) to deepen: what every run test starts from (as in run.db.test.ts).

export async function setupRunFixture(count: number): Promise<{ ws: { id: string; slug: string }; pool: { id: string; name: string }; trajectoryIds: string[] }> {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  const demo = (await demoTrajectories()).slice(0, count);
  const trajectoryIds = await importTestTrajectories(ws, pool, demo as TTrajectorySpec[]);
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name: "xlsx" } });
  const files = Object.entries(SAMPLE_SKILL).map(([path, content]) => ({ path, content, sha256: createHash("sha256").update(content).digest("hex"), size: content.length }));
  const version = await db().skillVersion.create({ data: { skillId: skill.id, version: "1.0.0", contentHash: `h-${skill.id}`, files: { create: files } } });
  await db().distTag.create({ data: { skillId: skill.id, name: "latest", versionId: version.id } });
  return { ws, pool, trajectoryIds };
}
