"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ClipboardCheck, RefreshCw, Upload } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { itemsQuery, postRemerge } from "@/lib/queries/review";
import { useScreenShortcuts } from "../shell/screen-shortcuts";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/skeleton";
import { PublishDialog } from "../registry/publish-dialog";
import { AuditView } from "./audit-view";
import { EvidencePanel } from "./evidence-panel";
import { FilterBar } from "./filter-bar";
import { ItemList } from "./item-list";
import { ItemPane } from "./item-pane";
import { PreviewPanel } from "./preview-panel";
import { filterFrom } from "./review-format";

// The review screen: items (file → section) left, Monaco diff middle, evidence right; a preview of
// the whole skill and the run's decision log as tabs. Selection, filters and tab live in the URL.

export type TReviewRun = { id: string; pool: string; base: string; status: string; changedLessons: number };

const SHORTCUTS = [
  { keys: "j", label: "Next item" },
  { keys: "k", label: "Previous item" },
  { keys: "a", label: "Accept the item" },
  { keys: "e", label: "Edit the item in the diff" },
  { keys: "r", label: "Reject the item (asks for a reason)" },
  { keys: "Esc", label: "Cancel editing" },
];
const TABS = [
  { id: "items", label: "Items" },
  { id: "preview", label: "Preview" },
  { id: "audit", label: "Audit" },
] as const;

export function ReviewScreen({ ws, run, canCurate, canPublish = false }: { ws: string; run: TReviewRun; me: string; canCurate: boolean; canPublish?: boolean }) {
  useScreenShortcuts("review", "Review", SHORTCUTS);
  const [publishing, setPublishing] = useState(false);
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = filterFrom(params);
  const tab = params.get("tab") ?? "items";
  const list = useQuery(itemsQuery(ws, run.id, filter));
  const all = useQuery(itemsQuery(ws, run.id, {}));

  const setParams = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
      router.replace(`${pathname}?${next}`, { scroll: false });
    },
    [pathname, router],
  );

  const items = list.data?.items ?? [];
  const selected = items.find((i) => i.id === params.get("item")) ?? items[0] ?? null;
  const move = (delta: number) => {
    if (!items.length) return;
    const at = selected ? items.findIndex((i) => i.id === selected.id) : -1;
    const next = items[Math.min(items.length - 1, Math.max(0, at + delta))];
    if (next) setParams({ item: next.id });
  };
  const siblings = selected?.conflictGroup ? (all.data?.items ?? items).filter((i) => i.conflictGroup === selected.conflictGroup) : [];
  const remerge = useMutation({
    mutationFn: () => postRemerge(ws, run.id),
    onSuccess: () => {
      toast.success("Re-merge queued: only the changed lessons' path is recomputed; decisions on unchanged items carry over.");
      router.push(`/w/${ws}/runs/${run.id}`);
    },
    onError: (e) => toast.error(e.message),
  });
  const counts = (all.data ?? list.data)?.counts;
  const total = counts ? counts.pending + counts.accepted + counts.edited + counts.rejected : null;

  return (
    <div className="-mx-8 -my-7 flex h-screen flex-col bg-white">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-5 py-3" data-testid="review-header">
        <div className="min-w-0">
          <h1 className="text-base font-semibold text-slate-900">Review proposal</h1>
          <p className="text-xs text-slate-500">
            <Link href={`/w/${ws}/runs/${run.id}`} className="hover:underline">
              {run.pool}
            </Link>{" "}
            · {run.base} → proposal
          </p>
        </div>
        <p className="text-xs text-slate-600" data-testid="review-counts">
          {counts ? (
            <>
              {total} items: <b className="text-amber-700">{counts.pending} pending</b> · <b className="text-emerald-700">{counts.accepted} accepted</b> · <b className="text-brand-700">{counts.edited} edited</b> · <b className="text-red-700">{counts.rejected} rejected</b>
            </>
          ) : (
            "…"
          )}
        </p>
        <div className="ml-auto flex items-center gap-2">
          {canCurate && run.changedLessons > 0 ? (
            <Button size="sm" variant="secondary" data-testid="remerge" disabled={remerge.isPending} onClick={() => remerge.mutate()} title={`${run.changedLessons} lessons changed since this proposal was made`}>
              <RefreshCw size={14} /> Re-merge ({run.changedLessons} lessons changed)
            </Button>
          ) : null}
          {canPublish && run.status === "succeeded" ? (
            <Button size="sm" data-testid="publish-open" onClick={() => setPublishing(true)} title="Publish the accepted and edited items as a new immutable version">
              <Upload size={14} /> Publish
            </Button>
          ) : null}
          {publishing ? <PublishDialog ws={ws} runId={run.id} open={publishing} onOpenChange={setPublishing} /> : null}
          <nav className="flex rounded-md border border-slate-200 p-0.5" aria-label="Review views">
            {TABS.map((t) => (
              <button key={t.id} type="button" data-testid={`review-tab-${t.id}`} aria-current={tab === t.id ? "page" : undefined} onClick={() => setParams({ tab: t.id === "items" ? null : t.id })} className={cn("rounded px-3 py-1 text-xs font-medium", tab === t.id ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100")}>
                {t.label}
              </button>
            ))}
          </nav>
        </div>
      </header>
      {tab === "preview" ? (
        <PreviewPanel ws={ws} runId={run.id} />
      ) : tab === "audit" ? (
        <AuditView ws={ws} runId={run.id} items={all.data?.items ?? []} selectedId={selected?.id ?? null} onOpenItem={(id) => setParams({ tab: null, item: id })} />
      ) : (
        <div className="flex min-h-0 flex-1">
          <div className="flex w-80 shrink-0 flex-col border-r border-slate-200">
            <FilterBar key={filter.q ?? ""} ws={ws} run={run.id} filter={filter} matching={list.data ? items.length : null} onChange={(p) => setParams({ ...p, item: null })} canCurate={canCurate} />
            {list.isPending ? (
              <div className="space-y-2 p-3">
                {Array.from({ length: 8 }, (_, n) => (
                  <Skeleton key={n} className="h-9 w-full" />
                ))}
              </div>
            ) : list.isError ? (
              <ErrorState error={list.error} onRetry={() => list.refetch()} />
            ) : items.length === 0 ? (
              <p className="p-4 text-sm text-slate-500" data-testid="review-no-match">
                {Object.keys(filter).length ? "No item matches these filters. Clear a filter to see more." : "This run proposed no edits."}
              </p>
            ) : (
              <ItemList list={list.data} selectedId={selected?.id ?? null} onSelect={(id) => setParams({ item: id })} />
            )}
          </div>
          {selected ? (
            <>
              <ItemPane key={selected.id} ws={ws} runId={run.id} item={selected} siblings={siblings} canCurate={canCurate} onMove={move} />
              <EvidencePanel key={`e-${selected.id}`} ws={ws} runId={run.id} item={selected} canCurate={canCurate} />
            </>
          ) : list.isPending ? (
            <Skeleton className="m-4 flex-1" />
          ) : (
            <div className="flex-1 p-6">
              <EmptyState icon={<ClipboardCheck size={28} />} title={run.status === "succeeded" ? "Nothing to review here" : `The run is ${run.status}`} testId="review-empty">
                {run.status === "succeeded" ? "Pick an item on the left, or change the filters." : "Items appear once the run has finished its proposal."}{" "}
                <Link href={`/w/${ws}/runs/${run.id}`} className="text-brand-600 hover:underline">
                  Open the run
                </Link>
              </EmptyState>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
