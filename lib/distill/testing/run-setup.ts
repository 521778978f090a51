import { createHash } from "node:crypto";
import { db } from "../../db/client";
import { createTestPool, createTestWorkspace } from "../../testing/builders";
import { importTestTrajectories, type TTrajectorySpec } from "../../testing/trajectories";
import { demoTrajectories, SAMPLE_SKILL } from "./fixtures";

// A workspace with a pool of `count` demo trajectories and a published skill "xlsx" 1.0.0 (tagged
// latest) to deepen: what every run test starts from (as in run.db.test.ts). With `mark`, each
// trajectory's instruction and first step carry "[case-<i>]", so a test can tell which trajectory
// an analyst request was about from the request text alone.

export const caseMarker = (i: number) => `[case-${String(i).padStart(3, "0")}]`;

export async function setupRunFixture(count: number, opts: { mark?: boolean } = {}): Promise<{ ws: { id: string; slug: string }; pool: { id: string; name: string }; trajectoryIds: string[] }> {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  const demo = (await demoTrajectories()).slice(0, count).map((t, i) => (opts.mark ? { ...t, instruction: `${caseMarker(i)} ${t.instruction}`, steps: t.steps.map((s, k) => (k === 0 ? { ...s, text: `${caseMarker(i)} ${s.text ?? ""}` } : s)) } : t));
  const trajectoryIds = await importTestTrajectories(ws, pool, demo as TTrajectorySpec[]);
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name: "xlsx" } });
  const files = Object.entries(SAMPLE_SKILL).map(([path, content]) => ({ path, content, sha256: createHash("sha256").update(content).digest("hex"), size: content.length }));
  const version = await db().skillVersion.create({ data: { skillId: skill.id, version: "1.0.0", contentHash: `h-${skill.id}`, files: { create: files } } });
  await db().distTag.create({ data: { skillId: skill.id, name: "latest", versionId: version.id } });
  return { ws, pool, trajectoryIds };
}
