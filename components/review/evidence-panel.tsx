"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "sonner";
import type { TItemView } from "@/lib/review/items";
import { itemDetailQuery, patchAssignee, reviewKeys } from "@/lib/queries/review";
import { membersQuery } from "@/lib/queries/workspace";
import { Badge } from "../ui/badge";
import { Select } from "../ui/field";
import { Skeleton } from "../ui/skeleton";
import { Time } from "../ui/time";
import { CommentsThread } from "./comments-thread";
import { supportLabel } from "./review-format";

// The right column: why this edit exists (support, flags, the lessons and traces behind it), who
// decided what, who it is assigned to, and the discussion.

const H = ({ children }: { children: string }) => <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">{children}</h3>;

export function EvidencePanel({ ws, runId, item, canCurate }: { ws: string; runId: string; item: TItemView; canCurate: boolean }) {
  const detail = useQuery(itemDetailQuery(ws, item.id));
  const current = detail.data?.item ?? item;
  const outcome = new Map(detail.data?.trajectories.map((t) => [t.id, t]) ?? []);
  return (
    <aside className="min-h-0 w-80 shrink-0 space-y-5 overflow-y-auto border-l border-slate-200 p-4 text-sm" data-testid="review-evidence">
      <section>
        <H>Support</H>
        <p data-testid="evidence-support">
          <span className="text-lg font-semibold tabular-nums">{supportLabel(current)}</span>
          <span className="ml-1 text-xs text-slate-500">trajectories (E error-, S success-analyst)</span>
        </p>
        {current.lowSupport ? <p className="mt-1 text-xs text-amber-700">Below the run&apos;s minimum support.</p> : null}
      </section>
      {current.flags.length ? (
        <section data-testid="evidence-flags">
          <H>Flags</H>
          <ul className="space-y-1">
            {current.flags.map((f, n) => (
              <li key={n} className="text-xs">
                <Badge tone="violet">{f.code}</Badge> <span className="text-slate-700">{f.message}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section data-testid="evidence-lessons">
        <H>Source lessons</H>
        {detail.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : detail.data?.lessons.length ? (
          <ul className="space-y-2">
            {detail.data.lessons.map((l) => {
              const t = outcome.get(l.trajectoryId);
              return (
                <li key={l.id} className="rounded border border-slate-200 p-2" data-testid="evidence-lesson">
                  <Link href={`/w/${ws}/runs/${runId}/lessons?t=${l.trajectoryId}&lesson=${l.id}`} className="font-medium text-brand-700 hover:underline" data-testid="lesson-link">
                    {l.title}
                  </Link>
                  <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                    <Badge>{l.kind.replace("_", " ")}</Badge>
                    {t ? <Badge tone={t.outcome === "success" ? "green" : t.outcome === "failure" ? "red" : "slate"}>{t.outcome}</Badge> : null}
                    {l.status !== "active" ? <Badge tone="amber">{l.status}</Badge> : null}
                    <Link href={`/w/${ws}/trajectories/${l.trajectoryId}${l.stepRefs.length ? `#step-${l.stepRefs[0]}` : ""}`} className="text-brand-700 hover:underline" data-testid="trace-link">
                      trace{l.stepRefs.length ? ` · steps ${l.stepRefs.join(", ")}` : ""} →
                    </Link>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-xs text-slate-500">No lessons are recorded for this item.</p>
        )}
      </section>
      <section data-testid="evidence-decision">
        <H>Decision</H>
        {current.decidedAt ? (
          <p className="text-xs text-slate-700">
            {current.status} by {current.decidedByName ?? "an API key"} <Time iso={current.decidedAt} />
            {current.rejectReason ? <span className="mt-1 block text-slate-600">Reason: {current.rejectReason}</span> : null}
          </p>
        ) : (
          <p className="text-xs text-slate-500">Not decided yet.</p>
        )}
      </section>
      <AssigneeSelect ws={ws} runId={runId} item={current} canCurate={canCurate} />
      <CommentsThread ws={ws} runId={runId} itemId={item.id} canCurate={canCurate} />
    </aside>
  );
}

function AssigneeSelect({ ws, runId, item, canCurate }: { ws: string; runId: string; item: TItemView; canCurate: boolean }) {
  const qc = useQueryClient();
  const members = useQuery(membersQuery(ws));
  const m = useMutation({
    mutationFn: (assigneeId: string | null) => patchAssignee(ws, item.id, item.version, assigneeId),
    onSuccess: ({ item: i }) => {
      toast.success(i.assigneeName ? `Assigned to ${i.assigneeName}.` : "Unassigned.");
      qc.invalidateQueries({ queryKey: reviewKeys.run(ws, runId) });
      qc.invalidateQueries({ queryKey: reviewKeys.item(ws, item.id) });
    },
    onError: (e) => {
      toast.error(e.message);
      qc.invalidateQueries({ queryKey: reviewKeys.item(ws, item.id) });
    },
  });
  return (
    <section>
      <H>Assignee</H>
      <Select aria-label="Assignee" data-testid="item-assignee" disabled={!canCurate || m.isPending} value={item.assigneeId ?? ""} onChange={(e) => m.mutate(e.target.value || null)} className="h-8 text-xs">
        <option value="">Unassigned</option>
        {members.data?.members.map((mm) => (
          <option key={mm.userId} value={mm.userId}>
            {mm.name || mm.email} ({mm.role})
          </option>
        ))}
      </Select>
    </section>
  );
}
