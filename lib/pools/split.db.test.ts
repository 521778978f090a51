import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { auditTrail } from "../testing/audit";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { importTestTrajectories } from "../testing/trajectories";
import { evolveTrajectoryWhere, previewHoldoutSplit, setHoldoutSplit, splitFor } from "./split";

const splitsOf = async (poolId: string) =>
  db().trajectory.findMany({ where: { poolId }, orderBy: { id: "asc" }, select: { id: true, externalId: true, taskId: true, split: true } });

describe("held-out split", () => {
  test("is deterministic, keeps every task on one side, and honours the ratio on 200 trajectories", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    // 50 tasks × 4 attempts, all imported before any split exists.
    await importTestTrajectories(ws, pool, Array.from({ length: 200 }, (_, i) => ({ taskId: `task-${i % 50}`, externalId: `run-${i}` })));
    expect((await splitsOf(pool.id)).every((t) => t.split === "evolve")).toBe(true);

    const preview = await previewHoldoutSplit(ws.id, pool.name, 0.3);
    expect(preview).toMatchObject({ ratio: 0.3, currentRatio: 0, total: 200 });
    expect(preview.holdout % 4).toBe(0);
    expect(preview.holdoutTasks).toBe(preview.holdout / 4);

    const result = await setHoldoutSplit(ws.id, pool.name, 0.3, setupPrincipal(ws));
    expect(result).toMatchObject({ total: 200, holdout: preview.holdout, evolve: 200 - preview.holdout, changes: preview.holdout, currentRatio: 0.3 });
    const first = await splitsOf(pool.id);
    // SQL and the import path (splitFor) agree on every row.
    for (const t of first) expect(t.split).toBe(splitFor(pool.id, t, 0.3));
    const sides = new Map<string, Set<string>>();
    for (const t of first) sides.set(t.taskId!, (sides.get(t.taskId!) ?? new Set()).add(t.split));
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);

    // Applying the same ratio again moves nothing.
    expect((await setHoldoutSplit(ws.id, pool.name, 0.3, setupPrincipal(ws))).changes).toBe(0);
    expect(await splitsOf(pool.id)).toEqual(first);
    expect(await db().trajectory.count({ where: evolveTrajectoryWhere(pool.id) })).toBe(200 - preview.holdout);

    // With one task per trajectory the share is close to the ratio (binomial, 200 draws: ±30 is > 4σ).
    const solo = await createTestPool({ workspace: ws });
    await importTestTrajectories(ws, solo, Array.from({ length: 200 }, (_, i) => ({ externalId: `solo-${i}` })));
    const { holdout } = await setHoldoutSplit(ws.id, solo.name, 0.3, setupPrincipal(ws));
    expect(holdout).toBeGreaterThanOrEqual(30);
    expect(holdout).toBeLessThanOrEqual(90);
    expect((await setHoldoutSplit(ws.id, solo.name, 0, setupPrincipal(ws))).holdout).toBe(0);

    const trail = (await auditTrail(ws.id)).filter((e) => e.action === "pool.split.set" && e.entityId === pool.id);
    expect(trail.map((e) => [e.before, e.after])).toEqual([
      [{ holdoutRatio: 0 }, { holdoutRatio: 0.3, moved: preview.holdout }],
      [{ holdoutRatio: 0.3 }, { holdoutRatio: 0.3, moved: 0 }],
    ]);
  });

  test("trajectories imported later get the pool's split, on the same side as their task", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    await importTestTrajectories(ws, pool, Array.from({ length: 40 }, (_, i) => ({ taskId: `t${i}`, externalId: `a-${i}` })));
    await setHoldoutSplit(ws.id, pool.name, 0.5, setupPrincipal(ws));
    const before = await splitsOf(pool.id);
    const sideOfTask = new Map(before.map((t) => [t.taskId, t.split]));
    expect(new Set(sideOfTask.values())).toEqual(new Set(["evolve", "holdout"]));

    const later = await importTestTrajectories(ws, pool, Array.from({ length: 40 }, (_, i) => ({ taskId: `t${i}`, externalId: `b-${i}` })));
    const rows = (await splitsOf(pool.id)).filter((t) => later.includes(t.id));
    expect(rows).toHaveLength(40);
    for (const t of rows) expect(t.split).toBe(sideOfTask.get(t.taskId));
  });

  test("refuses a ratio outside 0..0.9", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    await expect(setHoldoutSplit(ws.id, pool.name, 0.95, setupPrincipal(ws))).rejects.toThrow();
    await expect(previewHoldoutSplit(ws.id, pool.name, -0.1)).rejects.toThrow();
    expect((await db().pool.findUniqueOrThrow({ where: { id: pool.id } })).holdoutRatio).toBe(0);
  });
});
