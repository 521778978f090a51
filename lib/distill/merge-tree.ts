import { z } from "zod";
import { db } from "../db/client";
import { notFound } from "../errors";
import { outcomeLookup } from "./stage-reduce";
import { supportOf, ZSourcedEdit, type TSupport } from "./sourced-edit";

// The merge-tree inspector's data: the Patch rows of a run, level by level. Level 0 are the MAP
// patches (one per trajectory); each level ≥ 1 node says what its merger did with its inputs —
// which output edits unite two or more inputs (deduplicated), which input edits no output kept
// (discarded), which output edits the code refused (dropped, with why), and whether the node was
// carried up unchanged or passed its inputs through after a failed merge. The tree itself carries
// counts only; one node's edits (with support) are fetched when a person opens it.

const ZNodeDetail = z
  .object({
    merger: z.string().optional(),
    mapper: z.string().optional(),
    node: z.enum(["merged", "carried", "passed_through"]).optional(),
    origins: z.record(z.string(), z.array(z.string())).default({}),
    discarded: z.array(z.string()).default([]),
    dropped: z.array(z.object({ edit: z.unknown(), reason: z.string() }).or(z.unknown())).default([]),
    inputKeys: z.array(z.string()).default([]),
    skipped: z.string().optional(),
  })
  .catch({ origins: {}, discarded: [], dropped: [], inputKeys: [] });

export type TTreeNode = {
  id: string;
  key: string;
  level: number;
  index: number;
  status: "ok" | "failed" | "passthrough" | "forced";
  node: "map" | "merged" | "carried" | "passed_through";
  by: string | null;
  error: string | null;
  parentId: string | null;
  inputs: { id: string; key: string; edits: number; status: string }[];
  edits: number;
  deduplicated: number;
  discarded: number;
  dropped: number;
  trajectories: number;
};

export type TMergeTree = { levels: { level: number; nodes: TTreeNode[] }[]; finalId: string | null };

type TPatchRow = Awaited<ReturnType<typeof loadRows>>[number];

async function loadRows(runId: string) {
  return db().patch.findMany({
    where: { runId },
    orderBy: [{ level: "asc" }, { index: "asc" }],
    select: { id: true, level: true, index: true, status: true, parentId: true, inputIds: true, edits: true, detail: true, error: true, sourceTrajectoryIds: true },
  });
}

const editCount = (r: Pick<TPatchRow, "edits">) => (Array.isArray(r.edits) ? r.edits.length : 0);

export async function getMergeTree(runId: string): Promise<TMergeTree> {
  const rows = await loadRows(runId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const levels = new Map<number, TTreeNode[]>();
  for (const r of rows) {
    const d = ZNodeDetail.parse(r.detail);
    const node: TTreeNode = {
      id: r.id,
      key: `L${r.level}.${r.index}`,
      level: r.level,
      index: r.index,
      status: r.status,
      node: r.level === 0 ? "map" : (d.node ?? "merged"),
      by: (r.level === 0 ? d.mapper : d.merger) ?? null,
      error: r.error ?? (d.skipped ? `skipped: ${d.skipped}` : null),
      parentId: r.parentId,
      inputs: r.inputIds.map((id, i) => {
        const input = byId.get(id);
        return { id, key: d.inputKeys[i] ?? (input ? `L${input.level}.${input.index}` : id), edits: input ? editCount(input) : 0, status: input?.status ?? "missing" };
      }),
      edits: editCount(r),
      deduplicated: Object.values(d.origins).filter((o) => o.length >= 2).length,
      discarded: d.discarded.length,
      dropped: d.dropped.length,
      trajectories: r.sourceTrajectoryIds.length,
    };
    levels.set(r.level, [...(levels.get(r.level) ?? []), node]);
  }
  const ordered = [...levels.entries()].sort((a, b) => a[0] - b[0]).map(([level, nodes]) => ({ level, nodes }));
  const top = ordered.at(-1);
  return { levels: ordered, finalId: top && top.level > 0 && top.nodes.length === 1 ? top.nodes[0]!.id : null };
}

export type TNodeEdit = {
  id: string;
  file: string;
  op: string;
  section: string | null;
  content: string;
  support: TSupport;
  /** Input edit ids this edit was merged from (level ≥ 1). */
  from: string[];
};

export type TMergeNodeDetail = {
  node: TTreeNode;
  edits: TNodeEdit[];
  discarded: string[];
  dropped: { file: string | null; op: string | null; content: string; reason: string }[];
  reasoning: string;
};

export async function getMergeNode(runId: string, patchId: string): Promise<TMergeNodeDetail> {
  const row = await db().patch.findFirst({ where: { id: patchId, runId } });
  if (!row) throw notFound("patch", "merge node");
  const tree = await getMergeTree(runId);
  const node = tree.levels.flatMap((l) => l.nodes).find((n) => n.id === patchId)!;
  const d = ZNodeDetail.parse(row.detail);
  const outcomeOf = await outcomeLookup(runId);
  const edits = z.array(ZSourcedEdit).catch([]).parse(row.edits);
  return {
    node,
    reasoning: row.reasoning,
    edits: edits.map((e) => ({ id: e.id, file: e.file, op: e.op, section: e.target_section ?? null, content: e.content, support: supportOf(e, outcomeOf), from: d.origins[e.id] ?? [] })),
    discarded: d.discarded,
    dropped: d.dropped.map((x) => {
      const item = (x ?? {}) as { edit?: { file?: unknown; op?: unknown; content?: unknown }; reason?: unknown };
      return { file: typeof item.edit?.file === "string" ? item.edit.file : null, op: typeof item.edit?.op === "string" ? item.edit.op : null, content: typeof item.edit?.content === "string" ? item.edit.content : "", reason: String(item.reason ?? "") };
    }),
  };
}
