"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { TSupport } from "@/lib/distill/sourced-edit";
import { mergeNodeQuery } from "@/lib/queries/runs";
import { Badge } from "../ui/badge";
import { Card, CardHeader } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { TableSkeleton } from "../ui/skeleton";
import { nodeLabel } from "./labels";

// One node: its inputs, its output edits with support (distinct source trajectories: E from
// failures, S from successes), where each came from, and what the merger discarded or the code
// dropped. Edit content and reasons are model output: rendered as text only.

export function SupportBadge({ s }: { s: TSupport }) {
  const tone = s.total >= 3 ? "green" : s.total >= 2 ? "blue" : "slate";
  return (
    <span data-testid="support-badge" title={`${s.total} distinct trajectories: ${s.error} failed, ${s.success} succeeded${s.other ? `, ${s.other} unlabelled` : ""}`}>
      <Badge tone={tone}>
        {s.total} ({s.error}E {s.success}S{s.other ? ` ${s.other}?` : ""})
      </Badge>
    </span>
  );
}

export function MergeNodePanel({ ws, run, node, hrefFor }: { ws: string; run: string; node: string; hrefFor: (id: string) => string }) {
  const q = useQuery(mergeNodeQuery(ws, run, node));
  return (
    <Card data-testid="merge-node-panel">
      {q.isPending ? (
        <TableSkeleton rows={5} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <CardHeader
            title={
              <span className="flex items-center gap-2">
                <span className="font-mono">{q.data.node.key}</span> <Badge tone={q.data.node.node === "passed_through" ? "red" : "slate"}>{nodeLabel(q.data.node)}</Badge>
              </span>
            }
            description={`${q.data.node.by ? `by the ${q.data.node.by} ${q.data.node.level ? "merger" : "mapper"} · ` : ""}${q.data.node.trajectories} source trajectories`}
          />
          <div className="max-h-[75vh] space-y-4 overflow-y-auto p-4 text-sm">
            {q.data.node.error ? (
              <p data-testid="merge-node-error" className="whitespace-pre-wrap break-words rounded border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">
                {q.data.node.node === "passed_through" ? "The merge failed after its retries; its inputs were passed through unmerged. " : ""}
                {q.data.node.error}
              </p>
            ) : null}
            {q.data.node.inputs.length ? (
              <section>
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Inputs</h3>
                <div className="flex flex-wrap gap-1.5">
                  {q.data.node.inputs.map((i) => (
                    <Link key={i.id} href={hrefFor(i.id)} scroll={false} className="rounded border border-slate-200 px-1.5 py-0.5 font-mono text-xs text-brand-700 hover:bg-brand-50">
                      {i.key} · {i.edits}
                    </Link>
                  ))}
                </div>
              </section>
            ) : null}
            <section>
              <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Output edits ({q.data.edits.length})</h3>
              {q.data.edits.length === 0 ? <p className="text-xs text-slate-500">No edits.</p> : null}
              <ul className="space-y-2">
                {q.data.edits.map((e) => (
                  <li key={e.id} data-testid="merge-edit" className="rounded border border-slate-200 p-2">
                    <div className="mb-1 flex flex-wrap items-center gap-1.5 text-xs">
                      <SupportBadge s={e.support} />
                      <span className="font-mono text-slate-500">{e.id}</span>
                      <span className="text-slate-700">
                        {e.op} · {e.file}
                        {e.section ? ` · ${e.section}` : ""}
                      </span>
                      {e.from.length >= 2 ? <Badge tone="blue">deduplicated from {e.from.length}</Badge> : null}
                    </div>
                    <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">{e.content}</pre>
                    {e.from.length ? <p className="mt-1 font-mono text-[11px] text-slate-500">from {e.from.join(", ")}</p> : null}
                  </li>
                ))}
              </ul>
            </section>
            {q.data.discarded.length ? (
              <section data-testid="merge-discarded">
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Discarded input edits ({q.data.discarded.length})</h3>
                <p className="mb-1 text-xs text-slate-500">No output edit came from these: the merger judged them redundant or specific to one task.</p>
                <p className="break-words font-mono text-xs text-slate-600">{q.data.discarded.join(", ")}</p>
              </section>
            ) : null}
            {q.data.dropped.length ? (
              <section data-testid="merge-dropped">
                <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Dropped ({q.data.dropped.length})</h3>
                <ul className="space-y-1.5">
                  {q.data.dropped.map((d, i) => (
                    <li key={i} className="rounded border border-amber-200 bg-amber-50/50 p-2 text-xs">
                      <p className="text-amber-900">{d.reason}</p>
                      {d.content ? <pre className="mt-1 max-h-24 overflow-auto whitespace-pre-wrap break-words font-mono text-slate-700">{d.content}</pre> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </div>
        </>
      )}
    </Card>
  );
}
