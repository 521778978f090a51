"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Search, ShieldAlert } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { TTrajectoryRow } from "@/lib/pools/trajectory-list";
import { apiFetch } from "@/lib/queries/api";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Input, Select } from "../ui/field";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { BulkLabelAction } from "./bulk-label-action";

type TPage = { rows: TTrajectoryRow[]; total: number; nextCursor: string | null };
const FILTER_KEYS = ["outcome", "format", "model", "harness", "task", "split", "hasErrors", "hasSecrets", "q"] as const;
const OUTCOME_TONE = { success: "green", failure: "red", unknown: "slate" } as const;

export function TrajectoryTable({ ws, pool, formats, models, canLabel = false }: { ws: string; pool: string; formats: string[]; models: string[]; canLabel?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  // Filters live in the URL so a filtered view can be shared.
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<(typeof FILTER_KEYS)[number], string>;
  const [q, setQ] = useState(filters.q);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next}`);
  };
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const rows = useInfiniteQuery({
    queryKey: ["w", ws, "pool", pool, "trajectories", query.toString()],
    initialPageParam: "",
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams(query);
      if (pageParam) p.set("after", pageParam);
      return apiFetch<TPage>(`/api/w/${ws}/pools/${encodeURIComponent(pool)}/trajectories?${p}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const all = rows.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = rows.data?.pages[0]?.total;
  return (
    <Card>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-3">
        <form
          className="relative min-w-64 flex-1"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter("q", q.trim());
          }}
        >
          <Search size={14} className="absolute left-2.5 top-2.5 text-slate-400" />
          <Input aria-label="Search instruction and step text" data-testid="trajectory-search" placeholder="Search instructions and step text, then Enter" className="pl-8" value={q} onChange={(e) => setQ(e.target.value)} />
        </form>
        <Select aria-label="Outcome" data-testid="filter-outcome" className="w-36" value={filters.outcome} onChange={(e) => setFilter("outcome", e.target.value)}>
          <option value="">Any outcome</option>
          <option value="success">Success</option>
          <option value="failure">Failure</option>
          <option value="unknown">Unknown</option>
        </Select>
        <Select aria-label="Format" data-testid="filter-format" className="w-44" value={filters.format} onChange={(e) => setFilter("format", e.target.value)}>
          <option value="">Any format</option>
          {formats.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </Select>
        <Select aria-label="Model" className="w-44" value={filters.model} onChange={(e) => setFilter("model", e.target.value)}>
          <option value="">Any model</option>
          {models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </Select>
        <Select aria-label="Errors" data-testid="filter-errors" className="w-36" value={filters.hasErrors} onChange={(e) => setFilter("hasErrors", e.target.value)}>
          <option value="">Errors: any</option>
          <option value="true">Has errors</option>
          <option value="false">No errors</option>
        </Select>
        <Select aria-label="Secrets" data-testid="filter-secrets" className="w-40" value={filters.hasSecrets} onChange={(e) => setFilter("hasSecrets", e.target.value)}>
          <option value="">Secrets: any</option>
          <option value="true">Has secrets</option>
          <option value="false">No secrets</option>
        </Select>
        <Select aria-label="Split" data-testid="filter-split" className="w-32" value={filters.split} onChange={(e) => setFilter("split", e.target.value)}>
          <option value="">Any split</option>
          <option value="evolve">Evolve</option>
          <option value="holdout">Held out</option>
        </Select>
        <Input aria-label="Task id" placeholder="Task id" className="w-36" defaultValue={filters.task} onKeyDown={(e) => e.key === "Enter" && setFilter("task", (e.target as HTMLInputElement).value.trim())} />
        {query.toString() ? (
          <Button variant="ghost" size="sm" onClick={() => router.replace(pathname)}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <div className="flex items-center justify-between gap-3 px-4 py-2">
        <span className="text-xs text-slate-500" data-testid="trajectory-count">
          {total === undefined ? "Counting…" : `${total.toLocaleString()} trajector${total === 1 ? "y" : "ies"}${query.toString() ? " match" : ""}`}
        </span>
        {canLabel && total !== undefined ? <BulkLabelAction ws={ws} pool={pool} filter={Object.fromEntries(query)} total={total} /> : null}
      </div>
      {rows.isPending ? (
        <TableSkeleton rows={6} />
      ) : rows.error ? (
        <ErrorState error={rows.error} onRetry={() => rows.refetch()} />
      ) : all.length === 0 ? (
        <div className="p-4">
          <EmptyState title={query.toString() ? "No trajectory matches these filters" : "No trajectories yet"}>{query.toString() ? "Loosen or clear the filters." : "Upload trace files on the pool's overview tab."}</EmptyState>
        </div>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Trajectory</Th>
                <Th>Outcome</Th>
                <Th>Split</Th>
                <Th>Format</Th>
                <Th>Model</Th>
                <Th className="text-right">Steps</Th>
                <Th className="text-right">Errors</Th>
                <Th className="text-right">Tokens</Th>
              </tr>
            </thead>
            <tbody data-testid="trajectory-rows">
              {all.map((t) => (
                <Tr key={t.id} data-testid="trajectory-row">
                  <Td className="max-w-xl">
                    <Link href={`/w/${ws}/trajectories/${t.id}`} className="block truncate text-slate-900 hover:text-brand-700 hover:underline" title={t.instruction} data-testid="trajectory-link">
                      {t.instruction || <span className="italic text-slate-400">no instruction</span>}
                    </Link>
                    <div className="flex items-center gap-1.5 truncate font-mono text-[11px] text-slate-400">
                      {t.secretCount > 0 ? (
                        <span className="inline-flex shrink-0 items-center gap-0.5 rounded bg-red-50 px-1 text-red-700 ring-1 ring-inset ring-red-200" title={`Contains ${t.secretCount} secret${t.secretCount === 1 ? "" : "s"}: ${t.secretKinds.join(", ")}. Masked in everything sent to an LLM unless masking is switched off.`} data-testid="secret-badge">
                          <ShieldAlert size={11} aria-label="Contains secrets" />
                          {t.secretCount}
                        </span>
                      ) : null}
                      {t.externalId}
                      {t.taskId ? ` · task ${t.taskId}` : ""}
                    </div>
                  </Td>
                  <Td>
                    <Badge tone={OUTCOME_TONE[t.outcome]}>{t.outcome}</Badge>
                    {t.reward !== null ? <span className="ml-1 text-xs text-slate-500">r={t.reward}</span> : null}
                    {t.labelSource !== "import" ? (
                      <span className="ml-1 text-[11px] italic text-slate-400" title={`Label set by ${t.labelSource}; the imported values are kept and can be restored.`}>
                        edited
                      </span>
                    ) : null}
                  </Td>
                  <Td>{t.split === "holdout" ? <Badge tone="violet">held out</Badge> : <span className="text-xs text-slate-500">evolve</span>}</Td>
                  <Td className="text-xs">{t.format}</Td>
                  <Td className="max-w-40 truncate text-xs">{t.model ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{t.stepCount.toLocaleString()}</Td>
                  <Td className="text-right tabular-nums">{t.errorCount ? <span className="text-amber-700">{t.errorCount}</span> : 0}</Td>
                  <Td className="text-right tabular-nums">{t.tokens ? t.tokens.toLocaleString() : "—"}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          {rows.hasNextPage ? (
            <div className="flex justify-center p-3">
              <Button variant="secondary" size="sm" data-testid="load-more" onClick={() => rows.fetchNextPage()} disabled={rows.isFetchingNextPage}>
                {rows.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
