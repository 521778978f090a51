import { db } from "../db/client";

/** Audit rows of a workspace, oldest first, as the fields tests assert on. */
export async function auditTrail(workspaceId: string) {
  return db().auditEvent.findMany({
    where: { workspaceId },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { action: true, actorKind: true, actorLabel: true, entityType: true, entityId: true, before: true, after: true },
  });
}
