import { createHash } from "node:crypto";
import type { Prisma } from "../db/client";
import type { TTx } from "./durable-step";
import type { TProposalItemDraft } from "./proposal-items";

// Writing a run's proposal again (re-merge after curators edited or rejected lessons) must not
// throw away the review done so far: an item whose edit is unchanged keeps its row — decision,
// assignee, comments, version — and only its derived fields are refreshed. Items the new merge no
// longer proposes are removed (their decisions stay in the audit log); new ones start pending.

export function signatureOf(d: Pick<TProposalItemDraft, "edit">): string {
  const { file, op, target_section, target_text, old_text, after_section, content } = d.edit;
  return createHash("sha256").update(JSON.stringify([file, op, target_section ?? "", target_text ?? "", old_text ?? "", after_section ?? "", content])).digest("hex");
}

export async function reconcileItems(tx: TTx, runId: string, patchId: string | null, drafts: TProposalItemDraft[]): Promise<{ kept: number; created: number; removed: number }> {
  const old = await tx.proposalItem.findMany({ where: { runId }, select: { id: true, edit: true } });
  const bySig = new Map<string, string[]>();
  for (const o of old) {
    const sig = signatureOf({ edit: o.edit as TProposalItemDraft["edit"] });
    bySig.set(sig, [...(bySig.get(sig) ?? []), o.id]);
  }
  const keep = new Set<string>();
  const fresh: Prisma.ProposalItemCreateManyInput[] = [];
  for (const d of drafts) {
    const data = { ...d, patchId, edit: d.edit as unknown as Prisma.InputJsonValue, flags: d.flags as unknown as Prisma.InputJsonValue };
    const match = bySig.get(signatureOf(d))?.shift();
    if (match) {
      keep.add(match);
      await tx.proposalItem.update({ where: { id: match }, data });
    } else {
      fresh.push({ runId, ...data });
    }
  }
  const gone = old.filter((o) => !keep.has(o.id)).map((o) => o.id);
  if (gone.length) await tx.proposalItem.deleteMany({ where: { id: { in: gone } } });
  if (fresh.length) await tx.proposalItem.createMany({ data: fresh });
  return { kept: keep.size, created: fresh.length, removed: gone.length };
}
