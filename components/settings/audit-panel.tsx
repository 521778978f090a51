"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { apiFetch } from "@/lib/queries/api";
import { auditPath, workspaceKeys, type TAuditPage } from "@/lib/queries/workspace";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Input, Select } from "../ui/field";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

const ENTITY_TYPES = ["", "member", "invitation", "api_key", "workspace", "pool", "user", "proposal_item", "lesson", "skill_version", "dist_tag", "run"];

function summarize(v: unknown): string {
  if (v === null || v === undefined) return "";
  const text = JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function AuditPanel({ ws }: { ws: string }) {
  const [filters, setFilters] = useState({ action: "", entityType: "", actor: "" });
  // Typing in a filter re-queries once the input settles, not on every keystroke.
  const query = useDeferredValue(filters);
  const events = useInfiniteQuery({
    queryKey: workspaceKeys.audit(ws, query),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => apiFetch<TAuditPage>(auditPath(ws, query, pageParam), { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <Card>
      <CardHeader title="Audit log" description="Every administrative change and review decision: who, when, what, before and after." />
      <div className="flex flex-wrap gap-3 border-b border-slate-100 px-5 py-3">
        <Input aria-label="Filter by action" data-testid="audit-filter-action" placeholder="Action, e.g. member." className="w-56" value={filters.action} onChange={(e) => setFilters((f) => ({ ...f, action: e.target.value }))} />
        <Select aria-label="Filter by entity" className="w-44" value={filters.entityType} onChange={(e) => setFilters((f) => ({ ...f, entityType: e.target.value }))}>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {t || "Any entity"}
            </option>
          ))}
        </Select>
        <Input aria-label="Filter by actor" placeholder="Actor email" className="w-56" value={filters.actor} onChange={(e) => setFilters((f) => ({ ...f, actor: e.target.value }))} />
      </div>
      {events.isPending ? (
        <TableSkeleton />
      ) : events.error ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : rows.length === 0 ? (
        <p className="px-5 py-6 text-sm text-slate-500">No events match these filters.</p>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Before</Th>
                <Th>After</Th>
              </tr>
            </thead>
            <tbody data-testid="audit-rows">
              {rows.map((e) => (
                <Tr key={e.id}>
                  <Td className="whitespace-nowrap">
                    <Time iso={e.at} />
                  </Td>
                  <Td className="text-xs">{e.actorLabel}</Td>
                  <Td className="font-mono text-xs">{e.action}</Td>
                  <Td className="max-w-xs truncate font-mono text-xs text-slate-500" title={JSON.stringify(e.before)}>
                    {summarize(e.before)}
                  </Td>
                  <Td className="max-w-xs truncate font-mono text-xs text-slate-500" title={JSON.stringify(e.after)}>
                    {summarize(e.after)}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          {events.hasNextPage ? (
            <div className="flex justify-center p-3">
              <Button variant="secondary" size="sm" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? "Loading…" : "Load older events"}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
