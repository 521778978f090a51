"use client";

import { useQuery } from "@tanstack/react-query";
import { ExternalLink, GitCommitVertical } from "lucide-react";
import Link from "next/link";
import { lineProvenanceQuery } from "@/lib/queries/registry";
import { Badge } from "../ui/badge";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/skeleton";

// The drill-down of one line: the proposal item(s) that wrote it → their lessons → the trajectory
// steps the lessons cite. Lesson text is untrusted and shown as plain text.

const KIND_LABEL: Record<string, string> = { failure_cause: "failure cause", failure_memory: "failure memory", success_memory: "success memory" };

export function ProvenancePanel({ ws, name, version, file, line }: { ws: string; name: string; version: string; file: string; line: number | null }) {
  const q = useQuery({ ...lineProvenanceQuery(ws, name, version, file, line ?? 0), enabled: line !== null });
  if (line === null) {
    return (
      <div data-testid="provenance-empty" className="p-4 text-sm text-slate-500">
        Click a line of the file to see what wrote it. Lines marked in the gutter come from reviewed proposal items; the rest are unchanged from the base version.
      </div>
    );
  }
  if (q.isPending) return <Skeleton className="m-4 h-40" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { items, lessons } = q.data;
  return (
    <div data-testid="provenance-panel" className="space-y-4 p-4 text-sm">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">
        {file} · line {line}
      </div>
      {items.length === 0 ? (
        <p data-testid="provenance-none" className="text-slate-500">
          No proposal item wrote this line: it is unchanged from the version this one was based on.
        </p>
      ) : (
        items.map((item) => (
          <div key={item.id} data-testid="provenance-item" className="rounded-md border border-slate-200 p-3">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="blue">{item.op}</Badge>
              <span className="font-medium text-slate-800">{item.section || item.file}</span>
              <Badge tone={item.status === "rejected" ? "red" : "green"}>{item.status}</Badge>
            </div>
            <div className="mt-1 text-xs text-slate-500">
              support {item.support ?? 0}
              {item.supportError != null ? ` (${item.supportError} error, ${item.supportSuccess ?? 0} success)` : ""}
              {item.reviewer ? ` · decided by ${item.reviewer}` : ""} · {item.sourceTrajectoryIds.length} trajectories
            </div>
          </div>
        ))
      )}
      {lessons.length > 0 ? (
        <div className="space-y-2">
          <div className="text-xs font-medium uppercase tracking-wide text-slate-500">Lessons ({lessons.length})</div>
          {lessons.map((l) => (
            <div key={l.id} data-testid="provenance-lesson" className="rounded-md border border-slate-200 bg-slate-50 p-3">
              <div className="flex items-center gap-2">
                <Badge tone={l.kind === "success_memory" ? "green" : "amber"}>{KIND_LABEL[l.kind] ?? l.kind}</Badge>
                <span className="font-medium text-slate-800">{l.title}</span>
              </div>
              <p className="mt-1 whitespace-pre-wrap text-slate-700">{l.content}</p>
              <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
                <span className="text-slate-500">{l.trajectory ? `${l.trajectory.externalId} (${l.trajectory.outcome})` : "trajectory removed"}</span>
                {l.trajectory && l.stepRefs.length === 0 ? (
                  <Link data-testid="provenance-trajectory-link" className="inline-flex items-center gap-1 text-brand-600 hover:underline" href={`/w/${ws}/trajectories/${l.trajectoryId}`}>
                    open trace <ExternalLink size={11} />
                  </Link>
                ) : null}
                {l.trajectory
                  ? l.stepRefs.map((s) => (
                      <Link key={s} data-testid="provenance-step-link" className="inline-flex items-center gap-0.5 rounded bg-white px-1.5 py-0.5 font-mono text-brand-600 ring-1 ring-slate-200 hover:underline" href={`/w/${ws}/trajectories/${l.trajectoryId}#step-${s}`}>
                        <GitCommitVertical size={11} /> step {s}
                      </Link>
                    ))
                  : null}
              </div>
            </div>
          ))}
        </div>
      ) : items.length > 0 ? (
        <p className="text-xs text-slate-500">The items name no lessons that still exist in this workspace.</p>
      ) : null}
    </div>
  );
}
