import { db } from "../db/client";
import { createTestPool, createTestTrajectory } from "./builders";
import { randomSlug } from "./ids";

// Distillation-run rows for tests that need a run in a given state without driving one: a pool
// with failure trajectories, the run row and one analysis per trajectory.

export type TTestRunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export async function createTestRun(opts: { workspace: { id: string }; status?: TTestRunStatus; trajectories?: number; failed?: number }): Promise<{ id: string; poolId: string }> {
  const pool = await createTestPool({ workspace: opts.workspace });
  const trajectories = [];
  for (let i = 0; i < (opts.trajectories ?? 2); i++) trajectories.push(await createTestTrajectory({ pool, outcome: "failure" }));
  const status = opts.status ?? "succeeded";
  const finished = status === "succeeded" || status === "failed" || status === "cancelled";
  const run = await db().distillRun.create({
    data: {
      workspaceId: opts.workspace.id,
      poolId: pool.id,
      createSkillName: randomSlug("run-skill"),
      mode: "error",
      status,
      stage: status === "succeeded" ? "done" : status === "queued" ? "queued" : "analyse",
      config: { analysts: "error", fanIn: 5, maxLevels: 5, minSupport: 1 },
      models: { kind: "rule-based" },
      startedAt: status === "queued" ? null : new Date(),
      finishedAt: finished ? new Date() : null,
    },
  });
  const failed = opts.failed ?? 0;
  await db().analysis.createMany({
    data: trajectories.map((t, position) => ({
      runId: run.id,
      trajectoryId: t.id,
      position,
      analyst: "error",
      status: position < failed ? ("failed" as const) : finished ? ("done" as const) : ("pending" as const),
      error: position < failed ? "refusal: The model refused to answer." : null,
      startedAt: finished ? new Date() : null,
      finishedAt: finished ? new Date() : null,
    })),
  });
  return { id: run.id, poolId: pool.id };
}

/** A pool with a failure trajectory and the body that starts a run creating a new skill over it. */
export async function createRunBody(workspace: { id: string }): Promise<{ pool: string; create: { name: string; description: string }; config: { analysts: "error" } }> {
  const pool = await createTestPool({ workspace });
  await createTestTrajectory({ pool, outcome: "failure" });
  return { pool: pool.name, create: { name: randomSlug("run-skill"), description: "Made by a test run." }, config: { analysts: "error" } };
}
