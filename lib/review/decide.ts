import { z } from "zod";
import { recordAudit } from "../audit";
import { actorOf, type TPrincipal } from "../auth/principal";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { loadBaseSkill } from "../distill/run-context";

import { contentFromEditedFile } from "./edit-content";
import { itemWhere, loadItem, runInWorkspace, ZItemFilter, type TItemView } from "./items";

// Decisions on proposal items. Every write names the version it was based on; a save based on a
// stale version is refused with 409 and the current item in the error's details, so the person
// sees the other change — never a lost update. Every decision is audited with before/after.

export const ZDecision = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), version: z.number().int() }),
  z.object({ action: z.literal("reset"), version: z.number().int() }),
  z.object({ action: z.literal("reject"), version: z.number().int(), reason: z.string().trim().min(1, "Say why you reject it.").max(2000) }),
  z.object({ action: z.literal("edit"), version: z.number().int(), content: z.string().max(200_000).optional(), file: z.string().max(2_000_000).optional() }).refine((e) => e.content !== undefined || e.file !== undefined, "Send the new content, or the edited file."),
]);
export type TDecision = z.infer<typeof ZDecision>;

const snapshot = (i: { status: string; editedAfter: string | null; rejectReason: string | null; assigneeId?: string | null }) => ({ status: i.status, editedAfter: i.editedAfter, rejectReason: i.rejectReason });

async function staleError(workspaceId: string, itemId: string): Promise<AppError> {
  const current = await loadItem(workspaceId, itemId);
  return new AppError("conflict:item_version", `Someone else changed this item (now version ${current.version}${current.decidedByName ? `, ${current.status} by ${current.decidedByName}` : ""}). Review their change, then decide again.`, { details: { current } });
}

async function newContent(item: TItemView, d: Extract<TDecision, { action: "edit" }>): Promise<string> {
  if (d.content !== undefined) return d.content;
  const run = await db().distillRun.findUniqueOrThrow({ where: { id: item.runId } });
  const { files } = await loadBaseSkill(run);
  return contentFromEditedFile(files, item.edit, d.file!);
}

export async function decideItem(workspaceId: string, itemId: string, d: TDecision, principal: TPrincipal | undefined): Promise<TItemView> {
  const item = await loadItem(workspaceId, itemId);
  if (d.action === "reject" && !d.reason?.trim()) throw new AppError("invalid_input:reason", "Say why you reject it.");
  const data: Prisma.ProposalItemUpdateManyMutationInput =
    d.action === "accept"
      ? { status: "accepted", editedAfter: null, rejectReason: null }
      : d.action === "reset"
        ? { status: "pending", editedAfter: null, rejectReason: null }
        : d.action === "reject"
          ? { status: "rejected", rejectReason: d.reason, editedAfter: null }
          : { status: "edited", editedAfter: await newContent(item, d), rejectReason: null };
  const actor = actorOf(principal);
  const decided = d.action === "reset" ? { decidedById: null, decidedAt: null } : { decidedById: actor.actorId, decidedAt: new Date() };
  const r = await db().proposalItem.updateMany({ where: { id: itemId, version: d.version }, data: { ...data, ...decided, version: { increment: 1 } } });
  if (r.count === 0) throw await staleError(workspaceId, itemId);
  const after = await loadItem(workspaceId, itemId);
  await recordAudit({ workspaceId, principal, action: `item.${d.action}`, entityType: "proposal_item", entityId: itemId, before: { ...snapshot(item), runId: item.runId }, after: { ...snapshot(after), runId: item.runId } });
  return after;
}

export const ZBulkDecision = z.object({
  filter: ZItemFilter,
  action: z.enum(["accept", "reject"]),
  reason: z.string().trim().max(2000).optional(),
  /** How many items the person saw; a different count now means the list changed under them. */
  expected: z.number().int().min(0).optional(),
});

/** Decides exactly the items the filter matches, each audited. */
export async function bulkDecide(workspaceId: string, runId: string, b: z.infer<typeof ZBulkDecision>, principal: TPrincipal | undefined): Promise<{ changed: number; ids: string[] }> {
  await runInWorkspace(workspaceId, runId);
  if (b.action === "reject" && !b.reason) throw new AppError("invalid_input:reason", "Say why you reject these items.");
  const where = itemWhere(runId, b.filter);
  const rows = await db().proposalItem.findMany({ where, select: { id: true, status: true, editedAfter: true, rejectReason: true } });
  if (b.expected !== undefined && rows.length !== b.expected) {
    throw new AppError("conflict:filter_changed", `The filter now matches ${rows.length} items, not ${b.expected}: the list changed. Reload and try again.`, { details: { matches: rows.length } });
  }
  const actor = actorOf(principal);
  const data = b.action === "accept" ? { status: "accepted" as const, editedAfter: null, rejectReason: null } : { status: "rejected" as const, rejectReason: b.reason!, editedAfter: null };
  const ids = rows.map((r) => r.id);
  await db().$transaction(async (tx) => {
    await tx.proposalItem.updateMany({ where: { AND: [where, { id: { in: ids } }] }, data: { ...data, decidedById: actor.actorId, decidedAt: new Date(), version: { increment: 1 } } });
    for (const r of rows) await recordAudit({ workspaceId, principal, action: `item.${b.action}`, entityType: "proposal_item", entityId: r.id, before: { ...snapshot(r), runId }, after: { ...snapshot({ ...r, ...data }), runId, bulk: true } }, tx);
  });
  return { changed: ids.length, ids };
}

/** Choose one item of a conflict group: it is accepted, the others of its group rejected. */
export async function chooseInConflict(workspaceId: string, itemId: string, version: number, principal: TPrincipal | undefined): Promise<{ chosen: TItemView; rejected: string[] }> {
  const item = await loadItem(workspaceId, itemId);
  if (!item.conflictGroup) throw new AppError("invalid_input:no_conflict", "This item is not in a conflict group; accept it instead.");
  const chosen = await decideItem(workspaceId, itemId, { action: "accept", version }, principal);
  const others = await db().proposalItem.findMany({ where: { runId: item.runId, conflictGroup: item.conflictGroup, id: { not: itemId }, status: { not: "rejected" } } });
  for (const o of others) await decideItem(workspaceId, o.id, { action: "reject", version: o.version, reason: `Another item of its conflict group was chosen (${item.editId}).` }, principal);
  return { chosen, rejected: others.map((o) => o.id) };
}

export const ZAssign = z.object({ version: z.number().int(), assigneeId: z.string().min(1).nullable() });

export async function assignItem(workspaceId: string, itemId: string, a: z.infer<typeof ZAssign>, principal: TPrincipal | undefined): Promise<TItemView> {
  const item = await loadItem(workspaceId, itemId);
  if (a.assigneeId) {
    const member = await db().member.findFirst({ where: { workspaceId, userId: a.assigneeId } });
    if (!member) throw new AppError("invalid_input:assignee", "Assign items to members of this workspace only.");
  }
  const r = await db().proposalItem.updateMany({ where: { id: itemId, version: a.version }, data: { assigneeId: a.assigneeId, version: { increment: 1 } } });
  if (r.count === 0) throw await staleError(workspaceId, itemId);
  await recordAudit({ workspaceId, principal, action: "item.assign", entityType: "proposal_item", entityId: itemId, before: { assigneeId: item.assigneeId, runId: item.runId }, after: { assigneeId: a.assigneeId, runId: item.runId } });
  return loadItem(workspaceId, itemId);
}

