"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TItemView } from "@/lib/review/items";
import { runAuditQuery } from "@/lib/queries/review";
import { Badge } from "../ui/badge";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Input, Select } from "../ui/field";
import { TableSkeleton } from "../ui/skeleton";
import { Time } from "../ui/time";

// The run's decision log: who decided what and when, with before → after, filterable.

const ACTIONS = ["item.accept", "item.edit", "item.reject", "item.reset", "item.assign", "item.comment", "run.remerge"];
type TSnap = { status?: string; rejectReason?: string | null; editedAfter?: string | null; assigneeId?: string | null; bulk?: boolean } | null;

function change(before: TSnap, after: TSnap): string {
  if (after?.assigneeId !== undefined) return `assignee ${before?.assigneeId ?? "none"} → ${after.assigneeId ?? "none"}`;
  if (!after?.status) return "";
  const reason = after.rejectReason ? ` (“${after.rejectReason}”)` : "";
  return `${before?.status ?? "?"} → ${after.status}${reason}${after.bulk ? " · bulk" : ""}`;
}

export function AuditView({ ws, runId, items, selectedId, onOpenItem }: { ws: string; runId: string; items: TItemView[]; selectedId: string | null; onOpenItem: (id: string) => void }) {
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [onlyItem, setOnlyItem] = useState(false);
  const filter = { ...(action ? { action } : {}), ...(actor.trim() ? { actor: actor.trim() } : {}), ...(onlyItem && selectedId ? { item: selectedId } : {}) };
  const q = useQuery({ ...runAuditQuery(ws, runId, filter), staleTime: 0 });
  const byId = new Map(items.map((i) => [i.id, i]));
  return (
    <div className="min-h-0 flex-1 overflow-y-auto p-4" data-testid="review-audit">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <Select aria-label="Action" data-testid="audit-action" value={action} onChange={(e) => setAction(e.target.value)} className="h-8 w-48 text-xs">
          <option value="">All actions</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </Select>
        <Input aria-label="Actor" data-testid="audit-actor" placeholder="Actor contains…" value={actor} onChange={(e) => setActor(e.target.value)} className="h-8 w-56 text-xs" />
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" data-testid="audit-only-item" checked={onlyItem} disabled={!selectedId} onChange={(e) => setOnlyItem(e.target.checked)} /> only the selected item
        </label>
      </div>
      {q.isPending ? (
        <TableSkeleton />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.events.length === 0 ? (
        <EmptyState title="No decisions yet" testId="audit-empty">
          Accept, edit or reject items; every decision shows up here with who made it and when.
        </EmptyState>
      ) : (
        <table className="w-full text-left text-xs">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">When</th>
              <th className="py-1 pr-3 font-medium">Who</th>
              <th className="py-1 pr-3 font-medium">Action</th>
              <th className="py-1 pr-3 font-medium">Item</th>
              <th className="py-1 font-medium">Change</th>
            </tr>
          </thead>
          <tbody>
            {q.data.events.map((e) => {
              const i = byId.get(e.entityId);
              return (
                <tr key={e.id} className="border-t border-slate-100 align-top" data-testid="audit-row" data-action={e.action} data-item-id={e.entityId}>
                  <td className="py-1.5 pr-3 whitespace-nowrap">
                    <Time iso={e.at} />
                  </td>
                  <td className="py-1.5 pr-3">{e.actorLabel || e.actorKind}</td>
                  <td className="py-1.5 pr-3">
                    <Badge tone={e.action.endsWith("reject") ? "red" : e.action.endsWith("accept") ? "green" : e.action.endsWith("edit") ? "blue" : "slate"}>{e.action}</Badge>
                  </td>
                  <td className="py-1.5 pr-3">
                    {i ? (
                      <button type="button" className="text-left text-brand-700 hover:underline" onClick={() => onOpenItem(i.id)}>
                        <span className="font-mono">{i.file}</span> § {i.section || "(file)"}
                      </button>
                    ) : (
                      <span className="font-mono text-slate-500">{e.entityType === "run" ? "this run" : e.entityId}</span>
                    )}
                  </td>
                  <td className="py-1.5 text-slate-700">{change(e.before as TSnap, e.after as TSnap)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
