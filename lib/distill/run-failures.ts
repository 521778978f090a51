import { z } from "zod";
import { db } from "../db/client";

// The items of a run that did not succeed, with why: analyst calls that failed, MAP calls that
// failed, merge nodes that passed their inputs through. Errors are stored as "reason: message"
// (lib/llm/failures.ts), so the reason can be shown as a badge and counted.

export const ZRunFailure = z.object({
  kind: z.enum(["analysis", "map", "merge"]),
  id: z.string(),
  trajectoryId: z.string().nullable(),
  trajectory: z.string().nullable(),
  key: z.string(),
  reason: z.string(),
  message: z.string(),
});
export type TRunFailure = z.infer<typeof ZRunFailure>;

export const ZFailuresQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type TFailuresPage = { items: TRunFailure[]; total: number; nextOffset: number | null };

export function splitReason(error: string | null): { reason: string; message: string } {
  const text = error ?? "unknown";
  const m = /^([a-z_]+):\s*([\s\S]*)$/.exec(text);
  return m ? { reason: m[1]!, message: m[2]! || m[1]! } : { reason: "error", message: text };
}

export async function listRunFailures(runId: string, page: { offset: number; limit: number }): Promise<TFailuresPage> {
  const analysisWhere = { runId, status: "failed" as const };
  const patchWhere = { runId, OR: [{ level: 0, status: "failed" as const }, { level: { gt: 0 }, status: "passthrough" as const }] };
  const [analyses, patchCount] = await Promise.all([db().analysis.count({ where: analysisWhere }), db().patch.count({ where: patchWhere })]);
  const total = analyses + patchCount;
  const items: TRunFailure[] = [];

  if (page.offset < analyses) {
    const rows = await db().analysis.findMany({
      where: analysisWhere,
      orderBy: { position: "asc" },
      skip: page.offset,
      take: page.limit,
      select: { id: true, trajectoryId: true, error: true, position: true, trajectory: { select: { externalId: true } } },
    });
    for (const r of rows) items.push({ kind: "analysis", id: r.id, trajectoryId: r.trajectoryId, trajectory: r.trajectory.externalId, key: `analyse:${r.position}`, ...splitReason(r.error) });
  }
  const left = page.limit - items.length;
  if (left > 0 && page.offset + items.length < total) {
    const rows = await db().patch.findMany({
      where: patchWhere,
      orderBy: [{ level: "asc" }, { index: "asc" }],
      skip: Math.max(0, page.offset - analyses),
      take: left,
      select: { id: true, level: true, index: true, error: true, sourceTrajectoryIds: true },
    });
    const trajIds = rows.filter((r) => r.level === 0).map((r) => r.sourceTrajectoryIds[0]).filter((t): t is string => Boolean(t));
    const names = new Map((await db().trajectory.findMany({ where: { id: { in: trajIds } }, select: { id: true, externalId: true } })).map((t) => [t.id, t.externalId]));
    for (const r of rows) {
      const trajectoryId = r.level === 0 ? (r.sourceTrajectoryIds[0] ?? null) : null;
      items.push({ kind: r.level === 0 ? "map" : "merge", id: r.id, trajectoryId, trajectory: trajectoryId ? (names.get(trajectoryId) ?? null) : null, key: `L${r.level}.${r.index}`, ...splitReason(r.error) });
    }
  }
  const next = page.offset + items.length;
  return { items, total, nextOffset: next < total ? next : null };
}
