import { createHash, randomUUID } from "node:crypto";
import { db, type Prisma } from "../../db/client";
import type { TStep, TTrajectory } from "../../traces/model";
import { scanTrajectory, summarizeFindings } from "../../traces/secrets";
import { normalizeForSearch } from "../search-text";
import { splitFor } from "../split";

// Writes parsed trajectories in batches: dedupe by content hash within the pool (a unique index
// makes concurrent imports safe too), then the steps of the new ones in fixed-size chunks. Each
// row also gets its secret-scan flags, the pool's held-out split, and a copy of the grader's
// outcome/reward so a later label override can be undone.

export const STEPS_PER_CHUNK = 256;
const SEARCH_TEXT_CAP = 256 * 1024;

export type TPending = { trajectory: TTrajectory; format: string; sourceFile: string; line?: number; record?: string };

/** Identity of a trajectory's content: the same run uploaded twice (even renamed) hashes the same. */
export function contentHashOf(t: TTrajectory): string {
  const { taskId, instruction, outcome, reward, model, steps } = t;
  return createHash("sha256").update(JSON.stringify({ taskId, instruction, outcome, reward, model, steps })).digest("hex");
}

function searchTextOf(t: TTrajectory): string {
  let text = t.instruction;
  for (const s of t.steps) {
    if (text.length >= SEARCH_TEXT_CAP) break;
    text += `\n${s.toolName ?? ""} ${s.text}`;
  }
  return normalizeForSearch(text.slice(0, SEARCH_TEXT_CAP));
}

function durationOf(steps: TStep[]): number | null {
  const times = steps.map((s) => (s.timestamp ? Date.parse(s.timestamp) : NaN)).filter((n) => Number.isFinite(n));
  if (times.length < 2) return null;
  const ms = Math.max(...times) - Math.min(...times);
  return ms >= 0 && ms < 2 ** 31 ? ms : null;
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === "string" ? x.replace(/\u0000/g, "") : x))) as Prisma.InputJsonValue;

/** Inserts a batch; returns how many were new and how many the pool already had. */
export async function saveBatch(poolId: string, uploadId: string, batch: TPending[]): Promise<{ imported: number; duplicates: number }> {
  const seen = new Set<string>();
  const rows: (Prisma.TrajectoryCreateManyInput & { steps: TStep[] })[] = [];
  for (const p of batch) {
    const hash = contentHashOf(p.trajectory);
    if (seen.has(hash)) continue;
    seen.add(hash);
    const t = p.trajectory;
    const flags = summarizeFindings(scanTrajectory(t));
    rows.push({
      id: `t${randomUUID().replace(/-/g, "").slice(0, 24)}`,
      poolId,
      uploadId,
      externalId: t.externalId,
      taskId: t.taskId ?? null,
      instruction: t.instruction.replace(/\u0000/g, ""),
      outcome: t.outcome,
      reward: t.reward ?? null,
      importedOutcome: t.outcome,
      importedReward: t.reward ?? null,
      model: t.model ?? null,
      harness: t.harness,
      format: p.format,
      sourceFile: p.sourceFile,
      sourceLine: p.line ?? null,
      sourceRecord: p.record ?? null,
      stepCount: t.steps.length,
      errorCount: t.steps.filter((s) => s.isError || s.kind === "error").length,
      tokensIn: t.tokens.input,
      tokensOut: t.tokens.output,
      durationMs: durationOf(t.steps),
      contentHash: hash,
      metadata: json(t.metadata),
      searchText: searchTextOf(t),
      secretCount: flags.count,
      secretKinds: flags.kinds,
      secretCounts: flags.counts,
      secretSteps: flags.steps,
      steps: t.steps,
    });
  }
  if (!rows.length) return { imported: 0, duplicates: batch.length };
  await db().$transaction(async (tx) => {
    // The ratio is read under a key-share lock on the pool row, which setHoldoutSplit's FOR UPDATE
    // waits for (and the other way round): no batch is ever split with a ratio that was just replaced.
    const [pool] = await tx.$queryRaw<{ holdoutRatio: number }[]>`SELECT "holdoutRatio" FROM "pools" WHERE "id" = ${poolId} FOR KEY SHARE`;
    const ratio = pool?.holdoutRatio ?? 0;
    const data = rows.map(({ steps: _steps, ...r }) => ({ ...r, split: splitFor(poolId, { taskId: r.taskId, externalId: r.externalId }, ratio) }));
    await tx.trajectory.createMany({ data, skipDuplicates: true });
  }, { timeout: 120_000 });
  const created = await db().trajectory.findMany({
    where: { poolId, uploadId, contentHash: { in: rows.map((r) => r.contentHash) }, id: { in: rows.map((r) => r.id as string) } },
    select: { id: true },
  });
  const createdIds = new Set(created.map((c) => c.id));
  const chunks: Prisma.StepChunkCreateManyInput[] = [];
  for (const r of rows) {
    if (!createdIds.has(r.id as string)) continue;
    for (let i = 0, chunk = 0; i < r.steps.length; i += STEPS_PER_CHUNK, chunk++) {
      const steps = r.steps.slice(i, i + STEPS_PER_CHUNK);
      chunks.push({ trajectoryId: r.id as string, chunk, firstIndex: i, stepCount: steps.length, steps: json(steps) });
    }
  }
  // Step chunks can be large: write them in small groups to keep each statement short.
  for (let i = 0; i < chunks.length; i += 20) await db().stepChunk.createMany({ data: chunks.slice(i, i + 20) });
  return { imported: createdIds.size, duplicates: batch.length - createdIds.size };
}
