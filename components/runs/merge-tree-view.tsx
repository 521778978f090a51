"use client";

import { useQuery } from "@tanstack/react-query";
import { GitMerge } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import type { TTreeNode } from "@/lib/distill/merge-tree";
import { mergeTreeQuery } from "@/lib/queries/runs";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/skeleton";
import { nodeLabel } from "./labels";
import { MergeNodePanel } from "./merge-node-panel";

// The REDUCE tree, final node first: every merge level as a row of nodes (inputs → output edits and
// what the merger did), the MAP patches (level 0) folded below since a pool can have thousands.
// The selected node lives in the URL (?node=) so a link shows the same node to a colleague.

const STATUS_TONE = { ok: "green", forced: "violet", passthrough: "red", failed: "red" } as const;

function NodeChip({ n, selected, href }: { n: TTreeNode; selected: boolean; href: string }) {
  const inputEdits = n.inputs.reduce((k, i) => k + i.edits, 0);
  return (
    <Link
      href={href}
      scroll={false}
      data-testid="merge-node"
      data-node={n.key}
      data-kind={n.node}
      aria-current={selected ? "true" : undefined}
      className={cn("block w-40 rounded-md border bg-white p-2.5 text-xs shadow-sm hover:border-brand-300", selected ? "border-brand-500 ring-2 ring-brand-100" : "border-slate-200", n.node === "passed_through" && "border-red-200 bg-red-50/40")}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono font-semibold text-slate-800">{n.key}</span>
        <Badge tone={n.node === "carried" ? "slate" : STATUS_TONE[n.status]}>{nodeLabel(n)}</Badge>
      </div>
      <div className="mt-1.5 tabular-nums text-slate-600">
        {n.level > 0 ? `${n.inputs.length} inputs · ${inputEdits} → ${n.edits} edits` : `${n.edits} edits`}
      </div>
      {n.level > 0 && (n.deduplicated || n.discarded || n.dropped) ? (
        <div className="mt-1 flex flex-wrap gap-1 text-[11px]">
          {n.deduplicated ? <span className="rounded bg-brand-50 px-1 text-brand-700">{n.deduplicated} dedup</span> : null}
          {n.discarded ? <span className="rounded bg-slate-100 px-1 text-slate-600">{n.discarded} discarded</span> : null}
          {n.dropped ? <span className="rounded bg-amber-50 px-1 text-amber-800">{n.dropped} dropped</span> : null}
        </div>
      ) : null}
    </Link>
  );
}

export function MergeTreeView({ ws, run, selected }: { ws: string; run: string; selected: string | null }) {
  const q = useQuery(mergeTreeQuery(ws, run));
  const [showMaps, setShowMaps] = useState(100);
  if (q.isPending) return <Skeleton className="h-64 w-full" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const tree = q.data;
  if (!tree.levels.length) {
    return (
      <EmptyState testId="merge-empty" icon={<GitMerge size={28} />} title="Nothing merged yet">
        The merge starts once trajectories have been mapped to patches. If the run has finished, no trajectory proposed an edit.
      </EmptyState>
    );
  }
  const href = (id: string) => `?node=${encodeURIComponent(id)}`;
  const merges = tree.levels.filter((l) => l.level > 0).reverse();
  const maps = tree.levels.find((l) => l.level === 0)?.nodes ?? [];
  const current = selected ?? tree.finalId;
  return (
    <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_30rem]">
      <div className="space-y-4" data-testid="merge-tree">
        {merges.map((l) => (
          <Card key={l.level} data-testid={`merge-level-${l.level}`}>
            <CardHeader title={`Level ${l.level}${l.level === merges[0]?.level ? " (final)" : ""}`} description={`${l.nodes.length} node${l.nodes.length === 1 ? "" : "s"} · ${l.nodes.reduce((k, n) => k + n.edits, 0)} edits out`} />
            <div className="flex flex-wrap gap-2 p-4">
              {l.nodes.map((n) => (
                <NodeChip key={n.id} n={n} selected={n.id === current} href={href(n.id)} />
              ))}
            </div>
          </Card>
        ))}
        <Card data-testid="merge-level-0">
          <CardHeader title="Level 0: map patches" description={`${maps.length} trajectories mapped · ${maps.filter((m) => m.edits > 0).length} proposed edits · ${maps.filter((m) => m.status === "failed").length} failed`} />
          <div className="flex flex-wrap gap-2 p-4">
            {maps.slice(0, showMaps).map((n) => (
              <NodeChip key={n.id} n={n} selected={n.id === current} href={href(n.id)} />
            ))}
          </div>
          {maps.length > showMaps ? (
            <div className="px-4 pb-4">
              <Button size="sm" variant="secondary" onClick={() => setShowMaps(maps.length)}>
                Show all {maps.length}
              </Button>
            </div>
          ) : null}
        </Card>
      </div>
      <div className="xl:sticky xl:top-4 xl:self-start">{current ? <MergeNodePanel ws={ws} run={run} node={current} hrefFor={href} /> : null}</div>
    </div>
  );
}
