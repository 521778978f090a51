import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { createTestWorkspace } from "../testing/builders";
import { DEMO_RUN_SEEDED_ACTION, seedDemoRun } from "./seed-demo-run";
import { seedDemoPool } from "./seed-demo-pool";
import { seedDemoSkill } from "./seed-demo-skill";

describe("demo run seed", () => {
  test("a finished rule-based run over the demo pool deepening spreadsheet-basics, once per workspace", async () => {
    const ws = await createTestWorkspace();
    // Without the pool and the skill there is nothing to distil yet.
    expect(await seedDemoRun(ws.id)).toEqual({ seeded: false, reason: "missing_inputs" });
    await seedDemoPool(ws.id);
    await seedDemoSkill(ws.id);

    const first = await seedDemoRun(ws.id);
    if (!first.seeded) throw new Error(`not seeded: ${first.reason}`);
    expect(first.summary).toMatchObject({ status: "succeeded", stage: "done", error: null });
    expect(first.summary.analyses.done).toBeGreaterThan(20);
    expect(first.summary.items).toBeGreaterThan(0);

    const run = await db().distillRun.findUniqueOrThrow({ where: { id: first.runId }, include: { baseVersion: { include: { skill: true } }, pool: true } });
    expect(run).toMatchObject({ mode: "combined", models: { kind: "rule-based" }, config: expect.objectContaining({ demo: true, analysts: "combined" }) });
    expect(run.baseVersion).toMatchObject({ version: "1.0.0", skill: { name: "spreadsheet-basics" } });
    expect(run.pool.name).toBe("demo-spreadsheet-agent");
    expect(await db().lesson.count({ where: { runId: run.id } })).toBeGreaterThan(0);

    expect(await seedDemoRun(ws.id)).toEqual({ seeded: false, reason: "seeded_before" });
    expect(await db().distillRun.count({ where: { workspaceId: ws.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { workspaceId: ws.id, action: DEMO_RUN_SEEDED_ACTION } })).toBe(1);
  });

  test("a seed interrupted mid-run is resumed on the next start", async () => {
    const ws = await createTestWorkspace();
    await seedDemoPool(ws.id);
    await seedDemoSkill(ws.id);
    const first = await seedDemoRun(ws.id);
    if (!first.seeded) throw new Error("not seeded");
    // As if the process had stopped during the drive: the run is still running, its proposal not written.
    await db().proposalItem.deleteMany({ where: { runId: first.runId } });
    await db().distillRun.update({ where: { id: first.runId }, data: { status: "running", stage: "merge", finishedAt: null } });
    const again = await seedDemoRun(ws.id);
    expect(again).toMatchObject({ seeded: true, runId: first.runId, resumed: true, summary: { status: "succeeded", items: first.summary.items } });
    expect(await db().distillRun.count({ where: { workspaceId: ws.id } })).toBe(1);
  });
});
