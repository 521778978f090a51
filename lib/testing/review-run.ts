import { db } from "../db/client";
import { demoTrajectories } from "../distill/testing/fixtures";
import { createTestPool, setupPrincipal, type TTestWorkspace } from "./builders";
import { createRun } from "../distill/create-run";
import { driveRun } from "../distill/drive-run";
import { ZCreateRun } from "../distill/run-config";
import { createTestSkillVersion } from "./driven-run";
import { randomSlug } from "./ids";
import { importTestTrajectories, type TTrajectorySpec } from "./trajectories";

// A real rule-based run with proposal items inside a given workspace (the authz matrix and the
// review route tests need items in their own workspace), plus a conflict group of two items so
// choose-one has something to choose from.

export type TReviewRun = { runId: string; itemIds: string[]; conflictIds: [string, string] };

export async function createReviewRun(ws: TTestWorkspace, count = 12): Promise<TReviewRun> {
  const pool = await createTestPool({ workspace: ws });
  await importTestTrajectories(ws, pool, (await demoTrajectories()).slice(0, count) as TTrajectorySpec[]);
  const skill = randomSlug("xlsx");
  await createTestSkillVersion(ws, skill);
  const input = ZCreateRun.parse({ pool: pool.name, skill, config: { analysts: "combined", minSupport: 1 } });
  const { id: runId } = await createRun(ws.id, setupPrincipal(ws), input, { llm: null, start: async () => undefined });
  await driveRun(runId, { llm: null, maskSecrets: true });
  const items = await db().proposalItem.findMany({ where: { runId }, orderBy: { position: "asc" }, select: { id: true, conflictGroup: true } });
  if (items.length < 4) throw new Error(`The review test run made only ${items.length} items`);
  const grouped = items.filter((i) => i.conflictGroup);
  const pair = grouped.length >= 2 && grouped[0].conflictGroup === grouped[1].conflictGroup ? grouped : items.slice(-2);
  const conflictIds: [string, string] = [pair[0].id, pair[1].id];
  if (!grouped.length) await db().proposalItem.updateMany({ where: { id: { in: conflictIds } }, data: { conflictGroup: `test-${runId}` } });
  return { runId, itemIds: items.map((i) => i.id), conflictIds };
}
