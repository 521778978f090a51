import { z } from "zod";
import { recordAudit } from "../audit";
import { actorOf, type TPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { AppError } from "../errors";
import { loadItem } from "./items";

// Threaded comments per proposal item: a reply names its parent; threads are one level deep in
// the data (a reply to a reply attaches to the same thread root), which is what people read.

export const ZNewComment = z.object({ body: z.string().trim().min(1, "Write something.").max(10_000), parentId: z.string().min(1).optional() });

export type TCommentView = { id: string; parentId: string | null; authorId: string; authorName: string; body: string; createdAt: string };

export async function listComments(workspaceId: string, itemId: string): Promise<TCommentView[]> {
  await loadItem(workspaceId, itemId);
  const rows = await db().comment.findMany({ where: { itemId }, orderBy: { createdAt: "asc" } });
  const users = await db().user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.authorId))] } }, select: { id: true, name: true, email: true } });
  const names = new Map(users.map((u) => [u.id, u.name || u.email]));
  return rows.map((r) => ({ id: r.id, parentId: r.parentId, authorId: r.authorId, authorName: names.get(r.authorId) ?? "API key", body: r.body, createdAt: r.createdAt.toISOString() }));
}

export async function addComment(workspaceId: string, itemId: string, input: z.infer<typeof ZNewComment>, principal: TPrincipal | undefined): Promise<TCommentView> {
  const item = await loadItem(workspaceId, itemId);
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = await db().comment.findFirst({ where: { id: input.parentId, itemId } });
    if (!parent) throw new AppError("invalid_input:parent", "The comment you reply to is not on this item.");
    parentId = parent.parentId ?? parent.id;
  }
  const actor = actorOf(principal);
  const row = await db().comment.create({ data: { itemId, parentId, authorId: actor.actorId ?? "system", body: input.body } });
  await recordAudit({ workspaceId, principal, action: "item.comment", entityType: "proposal_item", entityId: itemId, after: { commentId: row.id, runId: item.runId } });
  return { id: row.id, parentId, authorId: row.authorId, authorName: actor.actorLabel, body: row.body, createdAt: row.createdAt.toISOString() };
}
