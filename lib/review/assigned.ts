import { db } from "../db/client";

export type TAssignedItem = { id: string; runId: string; file: string; section: string; op: string; support: number; status: string; updatedAt: string };

/** Proposal items assigned to a person in one workspace, pending ones first. */
export async function listAssignedItems(workspaceId: string, userId: string): Promise<TAssignedItem[]> {
  const items = await db().proposalItem.findMany({
    where: { assigneeId: userId, run: { workspaceId } },
    orderBy: [{ status: "asc" }, { updatedAt: "desc" }],
    take: 200,
  });
  return items.map((i) => ({ id: i.id, runId: i.runId, file: i.file, section: i.section, op: i.op, support: i.support, status: i.status, updatedAt: i.updatedAt.toISOString() }));
}
