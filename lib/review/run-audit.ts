import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { runInWorkspace } from "./items";

// The decision log of one run, readable by everyone who can read the run (the workspace audit log
// is for admins): every event on its proposal items plus re-merge requests of the run itself.

export const ZRunAuditQuery = z.object({
  action: z.string().trim().max(80).optional(),
  actor: z.string().trim().max(120).optional(),
  item: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TRunAuditQuery = z.infer<typeof ZRunAuditQuery>;

export type TRunAuditEvent = { id: string; at: string; actorKind: string; actorLabel: string; action: string; entityType: string; entityId: string; before: unknown; after: unknown };

export async function listRunAudit(workspaceId: string, runId: string, q: TRunAuditQuery): Promise<{ events: TRunAuditEvent[] }> {
  await runInWorkspace(workspaceId, runId);
  const itemIds = q.item ? [q.item] : (await db().proposalItem.findMany({ where: { runId }, select: { id: true } })).map((i) => i.id);
  const scope: Prisma.AuditEventWhereInput[] = [{ entityType: "proposal_item", entityId: { in: itemIds } }];
  if (!q.item) scope.push({ entityType: "run", entityId: runId });
  const rows = await db().auditEvent.findMany({
    where: {
      workspaceId,
      OR: scope,
      ...(q.action ? { action: { startsWith: q.action } } : {}),
      ...(q.actor ? { actorLabel: { contains: q.actor, mode: "insensitive" } } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: q.limit,
  });
  return { events: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorKind: r.actorKind, actorLabel: r.actorLabel, action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after })) };
}

/** Lessons curators changed after the run's proposal was made: the reason to offer a re-merge. */
export async function countChangedLessons(runId: string, since: Date | null): Promise<number> {
  if (!since) return 0;
  return db().lesson.count({ where: { runId, updatedAt: { gt: since }, updatedById: { not: null } } });
}
