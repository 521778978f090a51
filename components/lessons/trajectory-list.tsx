"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { runTrajectoriesQuery, type TTrajectoryFilters } from "@/lib/queries/lessons";
import type { TRunTrajectory } from "@/lib/review/lesson-schemas";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { ErrorState } from "../ui/error-state";
import { Select } from "../ui/field";
import { Skeleton } from "../ui/skeleton";

const OUTCOME_TONE = { success: "green", failure: "red", unknown: "slate" } as const;
const STATUS_TONE = { pending: "slate", running: "blue", done: "green", failed: "red", skipped: "amber" } as const;

const FILTERS: { key: keyof TTrajectoryFilters; label: string; options: [string, string][] }[] = [
  { key: "outcome", label: "Outcome", options: [["success", "success"], ["failure", "failure"], ["unknown", "unknown"]] },
  { key: "status", label: "Analyst", options: [["done", "done"], ["failed", "failed"], ["skipped", "skipped"], ["pending", "pending"]] },
  { key: "kind", label: "Kind", options: [["failure_cause", "failure cause"], ["failure_memory", "failure memory"], ["success_memory", "success memory"]] },
  { key: "lessonStatus", label: "State", options: [["active", "active"], ["edited", "edited"], ["rejected", "rejected"]] },
  { key: "taskSpecific", label: "Scope", options: [["true", "task-specific"], ["false", "general"]] },
];

function Row({ t, selected, onSelect }: { t: TRunTrajectory; selected: boolean; onSelect: () => void }) {
  return (
    <li>
      <button type="button" onClick={onSelect} data-testid="run-trajectory" data-trajectory-id={t.trajectoryId} data-selected={selected || undefined} className={cn("w-full border-b border-slate-100 px-3 py-2 text-left hover:bg-slate-50", selected && "bg-brand-50 hover:bg-brand-50")}>
        <div className="flex items-center gap-1.5">
          <Badge tone={OUTCOME_TONE[t.outcome]}>{t.outcome}</Badge>
          <span className="truncate font-mono text-xs text-slate-700" title={t.externalId}>
            {t.externalId}
          </span>
        </div>
        <div className="mt-1 flex items-center gap-1.5 text-xs text-slate-500">
          <Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge>
          <span>
            {t.lessons} lesson{t.lessons === 1 ? "" : "s"}
            {t.rejected ? ` · ${t.rejected} rejected` : ""}
          </span>
          {t.analyst === "rule-based" ? <span className="ml-auto text-violet-700">rule-based</span> : null}
        </div>
        {t.error ? (
          <p className="mt-1 line-clamp-2 text-xs text-red-700" data-testid="trajectory-error" title={t.error}>
            {t.error}
          </p>
        ) : null}
      </button>
    </li>
  );
}

export function TrajectoryList({ ws, run, filters, selected, onSelect, onFilter }: { ws: string; run: string; filters: TTrajectoryFilters; selected?: string; onSelect: (id: string) => void; onFilter: (key: keyof TTrajectoryFilters, value: string) => void }) {
  const q = useInfiniteQuery(runTrajectoriesQuery(ws, run, filters));
  const rows = q.data?.pages.flatMap((p) => p.trajectories) ?? [];
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="flex min-h-0 flex-col rounded-lg border border-slate-200 bg-white">
      <div className="grid grid-cols-2 gap-1.5 border-b border-slate-100 p-2" data-testid="trajectory-filters">
        {FILTERS.map((f) => (
          <Select key={f.key} aria-label={f.label} value={filters[f.key] ?? ""} onChange={(e) => onFilter(f.key, e.target.value)} className="h-8 text-xs" data-testid={`filter-${f.key}`}>
            <option value="">{f.label}: any</option>
            {f.options.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </Select>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {q.isPending ? (
          <div className="space-y-2 p-3" aria-label="Loading">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-12 w-full" />
            ))}
          </div>
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500" data-testid="trajectories-empty">
            {filtered ? "No trajectory of this run matches these filters. Clear a filter to see more." : "This run has no analysed trajectories yet. They appear here as the analysts finish."}
          </p>
        ) : (
          <ul>
            {rows.map((t) => (
              <Row key={t.trajectoryId} t={t} selected={t.trajectoryId === selected} onSelect={() => onSelect(t.trajectoryId)} />
            ))}
          </ul>
        )}
        {q.hasNextPage ? (
          <div className="p-2">
            <Button size="sm" variant="secondary" className="w-full" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
              {q.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
