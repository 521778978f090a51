import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { ZStudioLine } from "../traces/formats/studio-jsonl/schema";
import { createTestWorkspace } from "../testing/builders";
import { DEMO_POOL_NAME, demoPoolJsonl, generateDemoPool } from "./demo-pool";
import { DEMO_SEEDED_ACTION, seedDemoPool } from "./seed-demo-pool";

describe("demo pool generator", () => {
  const lines = generateDemoPool();

  test("is deterministic and writes valid Studio JSONL", () => {
    expect(demoPoolJsonl()).toBe(demoPoolJsonl());
    for (const line of demoPoolJsonl().trim().split("\n")) expect(ZStudioLine.safeParse(JSON.parse(line)).success).toBe(true);
  });

  test("has 120+ demo runs with both outcomes, tool errors, recoveries, seeds and two models", () => {
    expect(lines.length).toBeGreaterThanOrEqual(120);
    expect(lines.every((l) => l.metadata?.demo === true)).toBe(true);
    const successes = lines.filter((l) => l.outcome === "success");
    expect(successes.length / lines.length).toBeGreaterThan(0.3);
    expect(successes.length / lines.length).toBeLessThan(0.55);
    const withErrors = lines.filter((l) => l.steps.some((s) => s.is_error));
    expect(withErrors.length).toBeGreaterThanOrEqual(30);
    // Recoveries: runs that hit a tool error and still passed the grader.
    expect(withErrors.filter((l) => l.outcome === "success").length).toBeGreaterThanOrEqual(10);
    expect(new Set(lines.map((l) => l.model))).toEqual(new Set(["qwen3.5-122b-a10b", "qwen3.5-35b-a3b"]));
    const runsPerTask = new Map<string, number>();
    for (const l of lines) runsPerTask.set(String(l.task_id), (runsPerTask.get(String(l.task_id)) ?? 0) + 1);
    expect([...runsPerTask.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(20);
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
  });

  test("every model turn carries tokens, and time only moves forward", () => {
    for (const l of lines) {
      const turns = l.steps.filter((s) => s.role === "assistant" && s.kind !== "thought");
      expect(turns.every((s) => s.tokens && s.tokens.input! > 0 && s.tokens.output! > 0)).toBe(true);
      const times = l.steps.map((s) => Date.parse(String(s.timestamp)));
      expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
      for (const call of l.steps.filter((s) => s.kind === "tool_call")) {
        expect(call.tool_name).toBe("bash");
        expect(typeof (call.tool_args as { command?: unknown }).command).toBe("string");
      }
    }
  });
});

describe("seedDemoPool", () => {
  test("imports the pool through the pipeline once, and never brings a deleted demo pool back", async () => {
    const ws = await createTestWorkspace();
    const expected = generateDemoPool();
    const first = await seedDemoPool(ws.id);
    expect(first).toMatchObject({ seeded: true, imported: expected.length });

    const pool = await db().pool.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: ws.id, name: DEMO_POOL_NAME } } });
    expect(pool.description).toMatch(/generated demo data/i);
    expect(pool.trajectoryCount).toBe(expected.length);
    const failures = await db().trajectory.count({ where: { poolId: pool.id, outcome: "failure" } });
    expect(failures).toBe(expected.filter((l) => l.outcome === "failure").length);
    expect(await db().trajectory.count({ where: { poolId: pool.id, errorCount: { gt: 0 } } })).toBe(expected.filter((l) => l.steps.some((s) => s.is_error)).length);
    const upload = await db().upload.findFirstOrThrow({ where: { poolId: pool.id } });
    expect(upload).toMatchObject({ status: "done", imported: expected.length, rejected: 0 });

    expect(await seedDemoPool(ws.id)).toEqual({ seeded: false, reason: "exists" });
    expect(await db().trajectory.count({ where: { poolId: pool.id } })).toBe(expected.length);
    expect(await db().upload.count({ where: { poolId: pool.id } })).toBe(1);

    await db().pool.delete({ where: { id: pool.id } });
    expect(await seedDemoPool(ws.id)).toEqual({ seeded: false, reason: "seeded_before" });
    expect(await db().pool.count({ where: { workspaceId: ws.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { workspaceId: ws.id, action: DEMO_SEEDED_ACTION } })).toBe(1);
  });
});
