import { z } from "zod";
import { db, Prisma } from "../db/client";
import { prefixTsQuery } from "./search-text";
import { poolByName } from "./uploads";

// The pool's trajectory table: filters that live in the URL, keyset paging on (pool, id) so page
// 1,000 of a 100k pool costs what page 1 does, and full-text search through the GIN index.

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

/** The filters alone: what the table shows and what a bulk action applies to. */
export const ZTrajectoryFilter = z.object({
  outcome: z.enum(["success", "failure", "unknown"]).optional(),
  format: z.string().max(40).optional(),
  model: z.string().max(200).optional(),
  harness: z.string().max(80).optional(),
  task: z.string().max(200).optional(),
  split: z.enum(["evolve", "holdout"]).optional(),
  hasErrors: bool.optional(),
  hasSecrets: bool.optional(),
  q: z.string().trim().max(200).optional(),
});
export type TTrajectoryFilter = z.infer<typeof ZTrajectoryFilter>;

export const ZTrajectoryFilters = ZTrajectoryFilter.extend({
  after: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TTrajectoryFilters = z.infer<typeof ZTrajectoryFilters>;

export type TTrajectoryRow = {
  id: string;
  externalId: string;
  taskId: string | null;
  instruction: string;
  outcome: "success" | "failure" | "unknown";
  reward: number | null;
  model: string | null;
  harness: string | null;
  format: string;
  split: "evolve" | "holdout";
  labelSource: string;
  secretCount: number;
  secretKinds: string[];
  stepCount: number;
  errorCount: number;
  tokens: number;
  createdAt: string;
};

/** The WHERE clause of a filter; bulk label actions use it too, so they touch exactly what the table lists. */
export function trajectoryWhereSql(poolId: string, f: TTrajectoryFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`"poolId" = ${poolId}`];
  if (f.outcome) parts.push(Prisma.sql`"outcome" = ${f.outcome}::"Outcome"`);
  if (f.format) parts.push(Prisma.sql`"format" = ${f.format}`);
  if (f.model) parts.push(f.model === "unknown" ? Prisma.sql`"model" IS NULL` : Prisma.sql`"model" = ${f.model}`);
  if (f.harness) parts.push(Prisma.sql`"harness" = ${f.harness}`);
  if (f.task) parts.push(Prisma.sql`"taskId" = ${f.task}`);
  if (f.split) parts.push(Prisma.sql`"split" = ${f.split}::"Split"`);
  if (f.hasErrors !== undefined) parts.push(f.hasErrors ? Prisma.sql`"errorCount" > 0` : Prisma.sql`"errorCount" = 0`);
  if (f.hasSecrets !== undefined) parts.push(f.hasSecrets ? Prisma.sql`"secretCount" > 0` : Prisma.sql`"secretCount" = 0`);
  const ts = f.q ? prefixTsQuery(f.q) : undefined;
  if (ts) parts.push(Prisma.sql`to_tsvector('simple', "searchText") @@ to_tsquery('simple', ${ts})`);
  return Prisma.join(parts, " AND ");
}

export async function listTrajectories(workspaceId: string, poolName: string, f: TTrajectoryFilters): Promise<{ rows: TTrajectoryRow[]; total: number; nextCursor: string | null }> {
  const pool = await poolByName(workspaceId, poolName);
  const where = trajectoryWhereSql(pool.id, f);
  const page = f.after ? Prisma.sql`AND "id" > ${f.after}` : Prisma.empty;
  const [rows, count] = await Promise.all([
    db().$queryRaw<(Omit<TTrajectoryRow, "tokens" | "createdAt"> & { tokens: number; createdAt: Date })[]>`
      SELECT "id", "externalId", "taskId", left("instruction", 300) AS "instruction", "outcome"::text AS "outcome", "reward", "model", "harness",
             "format", "split"::text AS "split", "labelSource", "secretCount", "secretKinds", "stepCount", "errorCount", ("tokensIn" + "tokensOut") AS "tokens", "createdAt"
      FROM "trajectories" WHERE ${where} ${page}
      ORDER BY "id" ASC LIMIT ${f.limit + 1}`,
    db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "trajectories" WHERE ${where}`,
  ]);
  const pageRows = rows.slice(0, f.limit);
  return {
    rows: pageRows.map((r) => ({ ...r, tokens: Number(r.tokens), createdAt: r.createdAt.toISOString() })),
    total: Number(count[0]?.n ?? 0),
    nextCursor: rows.length > f.limit ? pageRows[pageRows.length - 1].id : null,
  };
}
