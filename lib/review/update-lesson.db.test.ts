import { describe, expect, test } from "vitest";
import { AppError } from "../errors";
import { db } from "../db/client";
import { auditTrail } from "../testing/audit";
import { createTestUser, createTestWorkspace } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { createTestLessonRun } from "../testing/lesson-run";
import { ZLessonView } from "./lesson-schemas";
import { getTrajectoryLessons } from "./lessons";
import { updateLesson } from "./update-lesson";

async function setup() {
  const ws = await createTestWorkspace();
  const run = await createTestLessonRun(ws);
  const alice = await createTestUser({ workspace: ws, role: "curator", password: false });
  const bob = await createTestUser({ workspace: ws, role: "curator", password: false });
  return { ws, run, alice, bob, lessonId: run.lessonIds[0] };
}

describe("updateLesson", () => {
  test("an edit keeps the analyst's original wording once, marks the lesson edited and bumps the version", async () => {
    const { ws, alice, lessonId } = await setup();
    const first = await updateLesson(ws.id, lessonId, { version: 1, title: "Read the error message before any retry" }, alice.principal);
    expect(first).toMatchObject({ status: "edited", version: 2, title: "Read the error message before any retry", updatedBy: alice.email });
    expect(first.original).toEqual({ title: "Read the error before retrying", description: "The agent retried a failing call unchanged.", content: "Step 3 failed and step 4 repeated it." });
    const second = await updateLesson(ws.id, lessonId, { version: 2, content: "Step 3 failed; step 4 sent the same call." }, alice.principal);
    expect(second.original?.title).toBe("Read the error before retrying");
    expect(second).toMatchObject({ version: 3, content: "Step 3 failed; step 4 sent the same call.", title: "Read the error message before any retry" });
    ZLessonView.parse(second);
  });

  test("reject with a reason, restore, and task-specific are recorded in the audit log with before and after", async () => {
    const { ws, alice, lessonId } = await setup();
    const rejected = await updateLesson(ws.id, lessonId, { version: 1, status: "rejected", rejectReason: "Only true for this spreadsheet." }, alice.principal);
    expect(rejected).toMatchObject({ status: "rejected", rejectReason: "Only true for this spreadsheet.", version: 2, original: null });
    const restored = await updateLesson(ws.id, lessonId, { version: 2, status: "active" }, alice.principal);
    expect(restored).toMatchObject({ status: "active", rejectReason: null, version: 3 });
    const marked = await updateLesson(ws.id, lessonId, { version: 3, taskSpecific: true }, alice.principal);
    expect(marked).toMatchObject({ taskSpecific: true, status: "active", version: 4 });

    const trail = (await auditTrail(ws.id)).filter((e) => e.entityType === "lesson");
    expect(trail.map((e) => e.action)).toEqual(["lesson.reject", "lesson.restore", "lesson.update"]);
    expect(trail[0]).toMatchObject({ entityId: lessonId, actorLabel: alice.email, before: { status: "active", version: 1 }, after: { status: "rejected", version: 2, rejectReason: "Only true for this spreadsheet." } });
    expect(trail[2]).toMatchObject({ before: { taskSpecific: false }, after: { taskSpecific: true } });
  });

  test("a save based on a stale version is refused with 409 and the current lesson — never a lost update", async () => {
    const { ws, alice, bob, lessonId } = await setup();
    await updateLesson(ws.id, lessonId, { version: 1, title: "Alice's title" }, alice.principal);
    const err = await expectAppError(updateLesson(ws.id, lessonId, { version: 1, title: "Bob's title" }, bob.principal), "conflict:lesson");
    expect(err.status).toBe(409);
    const current = ZLessonView.parse((err.details as { current: unknown }).current);
    expect(current).toMatchObject({ title: "Alice's title", version: 2, updatedBy: alice.email });
    expect(err.message).toContain(alice.email);
    expect((await db().lesson.findUniqueOrThrow({ where: { id: lessonId } })).title).toBe("Alice's title");
    // Re-applied on the current version, Bob's change goes through.
    expect(await updateLesson(ws.id, lessonId, { version: current.version, title: "Bob's title" }, bob.principal)).toMatchObject({ title: "Bob's title", version: 3 });
  });

  test("two concurrent saves on the same version: exactly one wins, the other gets 409", async () => {
    const { ws, alice, bob, lessonId } = await setup();
    const results = await Promise.allSettled([
      updateLesson(ws.id, lessonId, { version: 1, title: "From Alice" }, alice.principal),
      updateLesson(ws.id, lessonId, { version: 1, title: "From Bob" }, bob.principal),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe("conflict:lesson");
    expect((await db().lesson.findUniqueOrThrow({ where: { id: lessonId } })).version).toBe(2);
  });

  test("the trajectory view shows the edit, and MAP's input (active lessons) leaves out rejected ones", async () => {
    const { ws, run, alice } = await setup();
    await updateLesson(ws.id, run.lessonIds[1], { version: 1, status: "rejected" }, alice.principal);
    const view = await getTrajectoryLessons(ws.id, run.runId, run.failed);
    expect(view.lessons.map((l) => l.status)).toEqual(["active", "rejected"]);
    expect(await db().lesson.count({ where: { analysisId: (await db().analysis.findFirstOrThrow({ where: { runId: run.runId, trajectoryId: run.failed } })).id, status: { not: "rejected" } } })).toBe(1);
  });

  test("a lesson of another workspace is not found; a no-op change writes nothing", async () => {
    const { ws, alice, lessonId } = await setup();
    const other = await createTestWorkspace();
    await expectAppError(updateLesson(other.id, lessonId, { version: 1, title: "x" }, alice.principal), "not_found:lesson");
    const same = await updateLesson(ws.id, lessonId, { version: 1, title: "Read the error before retrying" }, alice.principal);
    expect(same.version).toBe(1);
    expect((await auditTrail(ws.id)).filter((e) => e.entityType === "lesson")).toEqual([]);
  });
});
