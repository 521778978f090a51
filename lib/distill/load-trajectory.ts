import { bulkPool } from "../db/client";
import { createBatcher } from "../db/batcher";
import { notFound } from "../errors";
import type { OUTCOMES, TStep, TTrajectory } from "../traces/model";

// A stored trajectory back in the normalized shape the analysts read. The outcome is the current
// label (a curator's override wins over the imported grader result). The lanes of a run load
// trajectories concurrently, so loads are batched (lib/db/batcher.ts): one statement returns the
// rows of a batch with their step chunks aggregated in chunk order.

type TRow = {
  id: string;
  externalId: string;
  taskId: string | null;
  instruction: string;
  outcome: (typeof OUTCOMES)[number];
  reward: number | null;
  model: string | null;
  harness: string | null;
  tokensIn: number;
  tokensOut: number;
  metadata: Record<string, unknown> | null;
  // Step chunks are written only by the importer from zod-validated trajectories (lib/trajectories/steps.ts).
  chunks: TStep[][];
};

async function loadBatch(ids: string[]): Promise<(TTrajectory & { id: string } | Error)[]> {
  const { rows } = await bulkPool().query<TRow>(
    `SELECT t.id, t."externalId", t."taskId", t.instruction, t.outcome::text AS outcome, t.reward, t.model, t.harness, t."tokensIn", t."tokensOut", t.metadata,
            (SELECT coalesce(json_agg(c.steps ORDER BY c.chunk), '[]'::json) FROM step_chunks c WHERE c."trajectoryId" = t.id) AS chunks
     FROM trajectories t WHERE t.id = ANY($1::text[])`,
    [[...new Set(ids)]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) return notFound("trajectory");
    return {
      id,
      externalId: row.externalId,
      ...(row.taskId ? { taskId: row.taskId } : {}),
      instruction: row.instruction,
      outcome: row.outcome,
      ...(row.reward !== null ? { reward: row.reward } : {}),
      ...(row.model ? { model: row.model } : {}),
      harness: row.harness ?? "unknown",
      steps: row.chunks.flat(),
      tokens: { input: row.tokensIn, output: row.tokensOut },
      metadata: row.metadata ?? {},
    };
  });
}

const loads = createBatcher(loadBatch, { maxItems: 64 });

export function loadTrajectory(id: string): Promise<TTrajectory & { id: string }> {
  return loads.add(id);
}
