import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { notFound } from "../errors";
import type { TItemFlag } from "../distill/proposal-items";
import { ZPatchEdit } from "../skills/patch";

// Proposal items as reviewers see them, and the one filter every list and bulk action shares: a
// bulk accept "by filter" runs with exactly the where-clause of the list the person was looking at
// (the Langfuse "select all across pages ignores the filter" bug is the thing to avoid).

export const ITEM_STATUSES = ["pending", "accepted", "edited", "rejected"] as const;

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.enum(values)).optional());
const num = z.coerce.number().int().min(0).optional();
const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean().optional());

export const ZItemFilter = z.object({
  status: csv(ITEM_STATUSES),
  file: z.string().optional(),
  section: z.string().optional(),
  minSupport: num,
  maxSupport: num,
  lowSupport: bool,
  conflict: bool,
  flagged: bool,
  assignee: z.string().optional(),
  q: z.string().max(200).optional(),
});
export type TItemFilter = z.infer<typeof ZItemFilter>;

export function itemWhere(runId: string, f: TItemFilter): Prisma.ProposalItemWhereInput {
  const and: Prisma.ProposalItemWhereInput[] = [{ runId }];
  if (f.status?.length) and.push({ status: { in: f.status } });
  if (f.file) and.push({ file: f.file });
  if (f.section) and.push({ section: f.section });
  if (f.minSupport !== undefined) and.push({ support: { gte: f.minSupport } });
  if (f.maxSupport !== undefined) and.push({ support: { lte: f.maxSupport } });
  if (f.lowSupport !== undefined) and.push({ lowSupport: f.lowSupport });
  if (f.conflict !== undefined) and.push(f.conflict ? { conflictGroup: { not: null } } : { conflictGroup: null });
  if (f.flagged !== undefined) and.push(f.flagged ? { NOT: { flags: { equals: [] } } } : { flags: { equals: [] } });
  if (f.assignee === "none") and.push({ assigneeId: null });
  else if (f.assignee) and.push({ assigneeId: f.assignee });
  if (f.q) and.push({ OR: [{ after: { contains: f.q, mode: "insensitive" } }, { before: { contains: f.q, mode: "insensitive" } }, { section: { contains: f.q, mode: "insensitive" } }] });
  return { AND: and };
}

const include = { _count: { select: { comments: true } } } as const;
type TRow = Prisma.ProposalItemGetPayload<{ include: typeof include }>;

export type TItemView = ReturnType<typeof toItemView>;

export function toItemView(r: TRow, names: Map<string, string> = new Map()) {
  return {
    id: r.id,
    runId: r.runId,
    editId: r.editId,
    file: r.file,
    section: r.section,
    op: r.op,
    edit: ZPatchEdit.parse(r.edit),
    before: r.before,
    after: r.after,
    editedAfter: r.editedAfter,
    support: r.support,
    supportError: r.supportError,
    supportSuccess: r.supportSuccess,
    sourceTrajectoryIds: r.sourceTrajectoryIds,
    sourceLessonIds: r.sourceLessonIds,
    anchorStatus: r.anchorStatus,
    applyStatus: r.applyStatus,
    conflictGroup: r.conflictGroup,
    lowSupport: r.lowSupport,
    flags: r.flags as TItemFlag[],
    status: r.status,
    rejectReason: r.rejectReason,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeId ? (names.get(r.assigneeId) ?? null) : null,
    decidedById: r.decidedById,
    decidedByName: r.decidedById ? (names.get(r.decidedById) ?? null) : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    version: r.version,
    position: r.position,
    commentCount: r._count.comments,
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function namesOf(rows: { assigneeId: string | null; decidedById: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => [r.assigneeId, r.decidedById]).filter((x): x is string => Boolean(x)))];
  if (!ids.length) return new Map();
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name || u.email]));
}

export async function runInWorkspace(workspaceId: string, runId: string) {
  const run = await db().distillRun.findFirst({ where: { id: runId, workspaceId } });
  if (!run) throw notFound("run");
  return run;
}

/** Items of a run matching the filter, in proposal order, grouped file → section for the list. */
export async function listItems(workspaceId: string, runId: string, filter: TItemFilter) {
  await runInWorkspace(workspaceId, runId);
  const rows = await db().proposalItem.findMany({ where: itemWhere(runId, filter), orderBy: [{ file: "asc" }, { position: "asc" }], include });
  const names = await namesOf(rows);
  const items = rows.map((r) => toItemView(r, names));
  const counts = await db().proposalItem.groupBy({ by: ["status"], where: { runId }, _count: true });
  const groups: { file: string; sections: { section: string; itemIds: string[] }[] }[] = [];
  for (const i of [...items].sort((a, b) => (a.file === "SKILL.md" ? -1 : b.file === "SKILL.md" ? 1 : a.file.localeCompare(b.file)) || a.position - b.position)) {
    let g = groups.find((x) => x.file === i.file);
    if (!g) groups.push((g = { file: i.file, sections: [] }));
    let s = g.sections.find((x) => x.section === i.section);
    if (!s) g.sections.push((s = { section: i.section, itemIds: [] }));
    s.itemIds.push(i.id);
  }
  const order = groups.flatMap((g) => g.sections.flatMap((s) => s.itemIds));
  const byId = new Map(items.map((i) => [i.id, i]));
  return {
    items: order.map((id) => byId.get(id)!),
    groups,
    counts: Object.fromEntries([...ITEM_STATUSES.map((s) => [s, 0] as const), ...counts.map((c) => [c.status, c._count] as const)]) as Record<(typeof ITEM_STATUSES)[number], number>,
  };
}

export async function loadItem(workspaceId: string, itemId: string) {
  const row = await db().proposalItem.findFirst({ where: { id: itemId, run: { workspaceId } }, include });
  if (!row) throw notFound("item", "proposal item");
  return toItemView(row, await namesOf([row]));
}
