import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { createRun } from "../distill/create-run";
import { driveRun } from "../distill/drive-run";
import { ZCreateRun } from "../distill/run-config";
import { demoTrajectories, SAMPLE_SKILL } from "../distill/testing/fixtures";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { createTestLessonRun } from "../testing/lesson-run";
import { importTestTrajectories, type TTrajectorySpec } from "../testing/trajectories";
import { ZTrajectoryLessons, ZTrajectoryPage } from "./lesson-schemas";
import { getTrajectoryLessons, listLessonsCitingStep, listRunTrajectories } from "./lessons";

async function driveRuleBasedRun(count: number) {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  await importTestTrajectories(ws, pool, (await demoTrajectories()).slice(0, count) as TTrajectorySpec[]);
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name: "xlsx" } });
  const files = Object.entries(SAMPLE_SKILL).map(([path, content]) => ({ path, content, sha256: createHash("sha256").update(content).digest("hex"), size: content.length }));
  const version = await db().skillVersion.create({ data: { skillId: skill.id, version: "1.0.0", contentHash: `h-${skill.id}`, files: { create: files } } });
  await db().distTag.create({ data: { skillId: skill.id, name: "latest", versionId: version.id } });
  const input = ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", minSupport: 1 } });
  const { id } = await createRun(ws.id, setupPrincipal(ws), input, { llm: null, start: async () => undefined });
  await driveRun(id, { llm: null, maskSecrets: true });
  return { ws, runId: id };
}

describe("lessons of a driven rule-based run", () => {
  test("lists every trajectory with its analyst, lessons with step citations and support, and the reverse lookup by step", async () => {
    const { ws, runId } = await driveRuleBasedRun(12);
    const page = ZTrajectoryPage.parse(await listRunTrajectories(ws.id, runId, { limit: 200 }));
    expect(page.run.analystKind).toBe("rule-based");
    expect(page.trajectories.length).toBe(await db().analysis.count({ where: { runId } }));
    const withLessons = page.trajectories.find((t) => t.lessons > 0)!;
    expect(withLessons.analyst).toBe("rule-based");

    const detail = ZTrajectoryLessons.parse(await getTrajectoryLessons(ws.id, runId, withLessons.trajectoryId));
    expect(detail.lessons.length).toBe(withLessons.lessons);
    expect(detail.lessons.every((l) => l.stepRefs.length > 0 && l.status === "active" && l.original === null)).toBe(true);
    // MAP lists every lesson of a trajectory among the sources of its edits, so a lesson that fed a proposal item has support.
    if (await db().proposalItem.count({ where: { runId, sourceTrajectoryIds: { has: withLessons.trajectoryId } } })) expect(detail.lessons.some((l) => l.support > 0)).toBe(true);

    const step = detail.lessons[0].stepRefs[0];
    const citing = await listLessonsCitingStep(ws.id, runId, withLessons.trajectoryId, step);
    expect(citing.map((l) => l.id)).toEqual(detail.lessons.filter((l) => l.stepRefs.includes(step)).map((l) => l.id));
  });
});

describe("listRunTrajectories", () => {
  test("keeps run order, pages by position and shows why an analyst failed", async () => {
    const ws = await createTestWorkspace();
    const run = await createTestLessonRun(ws);
    const first = await listRunTrajectories(ws.id, run.runId, { limit: 2 });
    expect(first.trajectories.map((t) => t.trajectoryId)).toEqual([run.failed, run.success]);
    expect(first.nextCursor).toBe(1);
    const second = await listRunTrajectories(ws.id, run.runId, { limit: 2, cursor: first.nextCursor! });
    expect(second.trajectories).toMatchObject([{ trajectoryId: run.broken, status: "failed", error: "timeout: the analyst did not answer in 60 s", lessons: 0 }]);
    expect(second.nextCursor).toBeNull();
    expect(first.trajectories[0]).toMatchObject({ outcome: "failure", status: "done", analyst: "rule-based", lessons: 2, rejected: 0 });
  });

  test("filters by outcome, analyst status, lesson kind, lesson status and task-specific", async () => {
    const ws = await createTestWorkspace();
    const run = await createTestLessonRun(ws);
    const ids = async (q: Parameters<typeof listRunTrajectories>[2]) => (await listRunTrajectories(ws.id, run.runId, q)).trajectories.map((t) => t.trajectoryId);
    expect(await ids({ outcome: "success" })).toEqual([run.success]);
    expect(await ids({ status: "failed" })).toEqual([run.broken]);
    expect(await ids({ kind: "failure_memory" })).toEqual([run.failed]);
    expect(await ids({ kind: "success_memory" })).toEqual([run.success]);
    expect(await ids({ lessonStatus: "rejected" })).toEqual([]);
    await db().lesson.update({ where: { id: run.lessonIds[2] }, data: { status: "rejected", taskSpecific: true } });
    expect(await ids({ lessonStatus: "rejected" })).toEqual([run.success]);
    expect(await ids({ taskSpecific: true })).toEqual([run.success]);
    expect((await listRunTrajectories(ws.id, run.runId, { outcome: "success" })).trajectories[0]).toMatchObject({ lessons: 0, rejected: 1 });
  });

  test("a run of another workspace is not found", async () => {
    const ws = await createTestWorkspace();
    const other = await createTestWorkspace();
    const run = await createTestLessonRun(other);
    await expectAppError(listRunTrajectories(ws.id, run.runId), "not_found:run");
    await expectAppError(getTrajectoryLessons(ws.id, run.runId, run.failed), "not_found:run");
  });
});

describe("getTrajectoryLessons and listLessonsCitingStep", () => {
  test("lessons in record order with support from proposal items, the lean path of a success, and lessons citing a step", async () => {
    const ws = await createTestWorkspace();
    const run = await createTestLessonRun(ws);
    const failed = await getTrajectoryLessons(ws.id, run.runId, run.failed);
    expect(failed.analysis).toMatchObject({ status: "done", analyst: "rule-based", perspective: "error", leanPath: null });
    expect(failed.lessons.map((l) => [l.kind, l.number, l.support])).toEqual([
      ["failure_cause", 1, 1],
      ["failure_memory", 1, 1],
    ]);
    const success = await getTrajectoryLessons(ws.id, run.runId, run.success);
    expect(success.analysis.leanPath?.steps[0].stepRefs).toEqual([2]);
    expect(success.lessons[0].support).toBe(0);

    expect((await listLessonsCitingStep(ws.id, run.runId, run.failed, 4)).map((l) => l.id)).toEqual([run.lessonIds[0], run.lessonIds[1]]);
    expect((await listLessonsCitingStep(ws.id, run.runId, run.failed, 7)).map((l) => l.id)).toEqual([run.lessonIds[1]]);
    expect(await listLessonsCitingStep(ws.id, run.runId, run.failed, 5)).toEqual([]);
    await expectAppError(listLessonsCitingStep(ws.id, run.runId, "nope", 1), "not_found:trajectory");
  });
});
