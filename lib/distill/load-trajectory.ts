import { db } from "../db/client";
import { notFound } from "../errors";
import type { TStep, TTrajectory } from "../traces/model";
import { iterateSteps } from "../trajectories/steps";

// A stored trajectory back in the normalized shape the analysts read. The outcome is the current
// label (a curator's override wins over the imported grader result).

export async function loadTrajectory(id: string): Promise<TTrajectory & { id: string }> {
  const row = await db().trajectory.findUnique({ where: { id } });
  if (!row) throw notFound("trajectory");
  const steps: TStep[] = [];
  for await (const s of iterateSteps(id)) steps.push(s);
  return {
    id,
    externalId: row.externalId,
    ...(row.taskId ? { taskId: row.taskId } : {}),
    instruction: row.instruction,
    outcome: row.outcome,
    ...(row.reward !== null ? { reward: row.reward } : {}),
    ...(row.model ? { model: row.model } : {}),
    harness: row.harness ?? "unknown",
    steps,
    tokens: { input: row.tokensIn, output: row.tokensOut },
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
  };
}
