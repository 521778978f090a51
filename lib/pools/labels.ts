import { z } from "zod";
import { recordAudit } from "../audit";
import { actorOf, type TPrincipal } from "../auth/principal";
import { db, Prisma } from "../db/client";
import { notFound } from "../errors";
import { OUTCOMES } from "../traces/model";
import { trajectoryWhereSql, ZTrajectoryFilter, type TTrajectoryFilter } from "./trajectory-list";
import { poolByName } from "./uploads";

// Curators set or override a trajectory's outcome and reward: one at a time, in bulk for exactly
// the trajectories a table filter lists, or from a labels file (labels-file.ts). The grader's
// values from import stay in importedOutcome/importedReward, so any override can be undone
// (`revert`). Every changed trajectory gets an audit row with before and after, written by the
// same statement that changes it. Held-out splits are in split.ts.

export type TLabelSource = "import" | "manual" | "bulk" | "labels-file";

const ZLabelValues = z.object({
  outcome: z.enum(OUTCOMES).optional(),
  reward: z.number().finite().nullable().optional(),
  /** Back to the values from import. */
  revert: z.boolean().optional(),
});
const oneKind = (v: z.infer<typeof ZLabelValues>) => (v.revert ? v.outcome === undefined && v.reward === undefined : v.outcome !== undefined || v.reward !== undefined);
const ONE_KIND = { message: "Give an outcome, a reward (null clears it), or both; or revert: true alone." };

export const ZLabelChange = ZLabelValues.strict().refine(oneKind, ONE_KIND);
export type TLabelChange = z.infer<typeof ZLabelChange>;

/** A bulk action: the table's filter (not its paging) and the change for every trajectory it matches. */
export const ZBulkLabel = ZLabelValues.extend({ filter: ZTrajectoryFilter.default({}) }).strict().refine(oneKind, ONE_KIND);

export type TLabelState = { id: string; outcome: string; reward: number | null; labelSource: string; importedOutcome: string; importedReward: number | null };

/** One row per trajectory to change; `cid` is the trajectory id. */
export type TChangeRow = { cid: string; c_outcome: string | null; set_reward: boolean; c_reward: number | null; revert: boolean };

export const changeRowOf = (cid: string, c: TLabelChange): TChangeRow => ({
  cid,
  c_outcome: c.outcome ?? null,
  set_reward: c.reward !== undefined,
  c_reward: c.reward ?? null,
  revert: Boolean(c.revert),
});

export const rowsSource = (rows: TChangeRow[]) =>
  Prisma.sql`SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS c(cid text, c_outcome text, set_reward boolean, c_reward float8, revert boolean)`;

type TCtx = { workspaceId: string; poolId: string; principal: TPrincipal | undefined; source: Exclude<TLabelSource, "import">; action: string };

/**
 * Applies changes given as a SELECT of (cid, c_outcome, set_reward, c_reward, revert) to the pool's
 * trajectories. A trajectory counts as changed when its outcome or reward differs afterwards (or a
 * revert returns it to the imported state); unchanged ones are not touched. Returns the changed ids.
 */
export async function applyLabelChanges(source: Prisma.Sql, ctx: TCtx): Promise<string[]> {
  const actor = actorOf(ctx.principal);
  const rows = await db().$queryRaw<{ id: string }[]>`
    WITH c AS (${source}),
    calc AS (
      SELECT t."id", t."outcome" AS old_outcome, t."reward" AS old_reward, t."labelSource" AS old_source,
             CASE WHEN t."labelSource" = 'import' THEN t."outcome" ELSE coalesce(t."importedOutcome", t."outcome") END AS imp_outcome,
             CASE WHEN t."labelSource" = 'import' THEN t."reward" ELSE t."importedReward" END AS imp_reward,
             c.c_outcome, c.set_reward, c.c_reward, c.revert
      FROM "trajectories" t JOIN c ON c.cid = t."id"
      WHERE t."poolId" = ${ctx.poolId}
    ),
    next AS (
      SELECT *,
             CASE WHEN revert THEN imp_outcome ELSE coalesce(c_outcome::"Outcome", old_outcome) END AS new_outcome,
             CASE WHEN revert THEN imp_reward WHEN set_reward THEN c_reward ELSE old_reward END AS new_reward,
             CASE WHEN revert THEN 'import' ELSE ${ctx.source} END AS new_source
      FROM calc
    ),
    upd AS (
      UPDATE "trajectories" t
      SET "outcome" = n.new_outcome, "reward" = n.new_reward, "labelSource" = n.new_source,
          "importedOutcome" = n.imp_outcome, "importedReward" = n.imp_reward,
          "labeledAt" = CASE WHEN n.revert THEN NULL ELSE now() END,
          "labeledById" = CASE WHEN n.revert THEN NULL ELSE ${actor.actorId}::text END
      FROM next n
      WHERE t."id" = n."id"
        AND ((n.new_outcome, n.new_reward) IS DISTINCT FROM (n.old_outcome, n.old_reward) OR (n.revert AND n.old_source <> 'import'))
      RETURNING t."id", n.old_outcome, n.old_reward, n.old_source, n.new_outcome, n.new_reward, n.new_source
    ),
    audit AS (
      INSERT INTO "audit_events" ("id", "workspaceId", "actorKind", "actorId", "actorLabel", "action", "entityType", "entityId", "before", "after")
      SELECT 'ae' || replace(gen_random_uuid()::text, '-', ''), ${ctx.workspaceId}, ${actor.actorKind}::"ActorKind", ${actor.actorId}::text, ${actor.actorLabel},
             CASE WHEN u.new_source = 'import' THEN 'trajectory.label.revert' ELSE ${ctx.action} END, 'trajectory', u."id",
             jsonb_build_object('outcome', u.old_outcome, 'reward', u.old_reward, 'labelSource', u.old_source),
             jsonb_build_object('outcome', u.new_outcome, 'reward', u.new_reward, 'labelSource', u.new_source)
      FROM upd u
    )
    SELECT "id" FROM upd`;
  return rows.map((r) => r.id);
}

const labelSelect = { id: true, outcome: true, reward: true, labelSource: true, importedOutcome: true, importedReward: true } as const;

function labelStateOf(t: { id: string; outcome: string; reward: number | null; labelSource: string; importedOutcome: string | null; importedReward: number | null }): TLabelState {
  const imported = t.labelSource === "import";
  return { ...t, importedOutcome: imported ? t.outcome : (t.importedOutcome ?? t.outcome), importedReward: imported ? t.reward : t.importedReward };
}

/** (a) Sets, overrides or reverts the outcome/reward of one trajectory. */
export async function setTrajectoryLabel(workspaceId: string, trajectoryId: string, change: TLabelChange, principal: TPrincipal | undefined): Promise<TLabelState & { changed: boolean }> {
  const t = await db().trajectory.findFirst({ where: { id: trajectoryId, pool: { workspaceId } }, select: { poolId: true } });
  if (!t) throw notFound("trajectory");
  const changed = await applyLabelChanges(rowsSource([changeRowOf(trajectoryId, change)]), { workspaceId, poolId: t.poolId, principal, source: "manual", action: "trajectory.label.set" });
  const after = await db().trajectory.findUniqueOrThrow({ where: { id: trajectoryId }, select: labelSelect });
  return { ...labelStateOf(after), changed: changed.length > 0 };
}

/**
 * (b) Applies one change to every trajectory the filter matches: the same WHERE clause as the
 * trajectory table, so a bulk action never reaches a row the curator could not see listed.
 */
export async function bulkSetLabels(workspaceId: string, poolName: string, filter: TTrajectoryFilter, change: TLabelChange, principal: TPrincipal | undefined): Promise<{ matched: number; changed: number }> {
  const pool = await poolByName(workspaceId, poolName);
  const where = trajectoryWhereSql(pool.id, filter);
  const row = changeRowOf("", change);
  const source = Prisma.sql`SELECT "id" AS cid, ${row.c_outcome}::text AS c_outcome, ${row.set_reward}::boolean AS set_reward, ${row.c_reward}::float8 AS c_reward, ${row.revert}::boolean AS revert FROM "trajectories" WHERE ${where}`;
  const [count] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "trajectories" WHERE ${where}`;
  const changed = await applyLabelChanges(source, { workspaceId, poolId: pool.id, principal, source: "bulk", action: "trajectory.label.bulk" });
  const matched = Number(count.n);
  await recordAudit({ workspaceId, principal, action: "pool.labels.bulk", entityType: "pool", entityId: pool.id, after: { filter, change, matched, changed: changed.length } });
  return { matched, changed: changed.length };
}
