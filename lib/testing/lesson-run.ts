import type { Prisma } from "../generated/prisma/client";
import { db } from "../db/client";
import { createTestPool, createTestTrajectory } from "./builders";
import { randomId } from "./ids";

// A finished rule-based run written straight into the tables the lessons screen reads: three
// analyses (done failure, done success, failed) with cited lessons, a proposal item citing one
// lesson and two LLM call rows. Milliseconds instead of a drive, for route and authz tests; the
// review db tests also drive a real run (run.db.test.ts's setup) to check real analyst output.

export type TLessonRun = { runId: string; failed: string; success: string; broken: string; lessonIds: string[] };

const lessonSet = (analyst: string, perspective: "error" | "success", items: Prisma.InputJsonValue[], leanPath?: Prisma.InputJsonValue): Prisma.InputJsonValue => ({
  kind: "lessons",
  analyst,
  perspective,
  items,
  ...(leanPath ? { leanPath } : {}),
  citations: { repaired: 0, droppedRefs: 0, droppedItems: 0, invalid: 0 },
  truncatedItems: 0,
  usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
  model: "rule-based",
  attempts: 1,
  prompts: {},
  sawGraderEvidence: false,
});

export async function createTestLessonRun(ws: { id: string }): Promise<TLessonRun> {
  const pool = await createTestPool({ workspace: ws });
  const [failed, success, broken] = await Promise.all([
    createTestTrajectory({ pool, outcome: "failure" }),
    createTestTrajectory({ pool, outcome: "success" }),
    createTestTrajectory({ pool, outcome: "failure" }),
  ]);
  await db().trajectory.updateMany({ where: { id: { in: [failed.id, success.id, broken.id] } }, data: { stepCount: 12 } });
  const run = await db().distillRun.create({
    data: { workspaceId: ws.id, poolId: pool.id, mode: "combined", status: "succeeded", stage: "done", models: { kind: "rule-based" }, promptVersions: { versions: { "error-analyst": "v1" }, sha256: { "error-analyst": "abc123" } } },
  });
  const failureItems = [
    { kind: "failure_cause", number: 1, title: "Read the error before retrying", description: "The agent retried a failing call unchanged.", content: "Step 3 failed and step 4 repeated it.", stepRefs: [3, 4] },
    { kind: "failure_memory", number: 1, title: "Check the sheet name", description: "The sheet did not exist.", content: "List sheets first.", stepRefs: [4, 7] },
  ];
  const successItems = [{ kind: "success_memory", number: 1, title: "Verify the totals", description: "The agent recomputed the sum.", content: "Recompute after writing.", stepRefs: [2] }];
  const a1 = await db().analysis.create({ data: { runId: run.id, trajectoryId: failed.id, position: 0, analyst: "rule-based", status: "done", output: lessonSet("rule-based", "error", failureItems) } });
  const a2 = await db().analysis.create({
    data: { runId: run.id, trajectoryId: success.id, position: 1, analyst: "rule-based", status: "done", output: lessonSet("rule-based", "success", successItems, { overview: "Opened, summed, saved.", steps: [{ title: "Sum", description: "SUM over B", stepRefs: [2] }] }) },
  });
  await db().analysis.create({ data: { runId: run.id, trajectoryId: broken.id, position: 2, analyst: "pending", status: "failed", error: "timeout: the analyst did not answer in 60 s" } });
  const lessons = [
    ...failureItems.map((i) => ({ ...i, analysisId: a1.id, trajectoryId: failed.id })),
    ...successItems.map((i) => ({ ...i, analysisId: a2.id, trajectoryId: success.id })),
  ];
  const ids: string[] = [];
  for (const l of lessons) ids.push((await db().lesson.create({ data: { runId: run.id, ...l, kind: l.kind as "failure_cause" } })).id);
  await db().proposalItem.create({ data: { runId: run.id, file: "SKILL.md", op: "append_to_section", edit: {}, sourceTrajectoryIds: [failed.id], sourceLessonIds: [ids[0], ids[1]], support: 1, supportError: 1, position: 0 } });
  await db().llmCall.createMany({
    data: [
      { runId: run.id, stepKey: `analysis:${randomId("t")}`, role: "analyst", model: "m1", prompt: [{ role: "system", content: "You analyse <b>traces</b>." }, { role: "user", content: "Step 1" }], response: '{"failure_causes":[]}', tokensIn: 100, tokensOut: 20, costUsd: 0.001, latencyMs: 1200 },
      { runId: run.id, stepKey: "merge:1.0", role: "merger", model: "m2", prompt: [{ role: "user", content: "merge" }], response: null, error: "rate_limited: 429", attempt: 2 },
    ],
  });
  return { runId: run.id, failed: failed.id, success: success.id, broken: broken.id, lessonIds: ids };
}
