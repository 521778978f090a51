import { z } from "zod";
import { db, type Prisma } from "../db/client";

export const ZAuditQuery = z.object({
  action: z.string().trim().max(80).optional(),
  entityType: z.string().trim().max(40).optional(),
  actor: z.string().trim().max(120).optional(),
  // Keyset cursor: the id of the last event of the previous page.
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export type TAuditEventView = {
  id: string;
  at: string;
  actorKind: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

export async function listAuditEvents(workspaceId: string, q: TAuditQuery): Promise<{ events: TAuditEventView[]; nextCursor: string | null }> {
  const where: Prisma.AuditEventWhereInput = {
    workspaceId,
    // Internal markers (seeding) are not decisions anyone made.
    NOT: { action: { startsWith: "seed." } },
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    ...(q.entityType ? { entityType: q.entityType } : {}),
    ...(q.actor ? { actorLabel: { contains: q.actor, mode: "insensitive" } } : {}),
  };
  if (q.before) {
    const cursor = await db().auditEvent.findFirst({ where: { id: q.before, workspaceId }, select: { at: true, id: true } });
    if (cursor) where.OR = [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }];
  }
  const rows = await db().auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((r) => ({ id: r.id, at: r.at.toISOString(), actorKind: r.actorKind, actorLabel: r.actorLabel, action: r.action, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}
