"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { previewQuery } from "@/lib/queries/review";
import type { TRevealRequest } from "../skills/editor-types";
import { SkillDiffEditor } from "../skills/skill-file-editor";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/skeleton";
import { firstChangedLine } from "./review-format";

// The skill as it would be published: base with every accepted/edited item applied, diffed per
// file against the base, with the lint findings of the result (click one to reveal its line).

export function PreviewPanel({ ws, runId }: { ws: string; runId: string }) {
  const q = useQuery({ ...previewQuery(ws, runId), staleTime: 0 });
  const [picked, setPicked] = useState<string | null>(null);
  const [reveal, setReveal] = useState<TRevealRequest | null>(null);
  const p = q.data;
  const files = useMemo(() => [...(p?.diff.files ?? [])].sort((a, b) => Number(a.change === "unchanged") - Number(b.change === "unchanged") || (a.path === "SKILL.md" ? -1 : b.path === "SKILL.md" ? 1 : a.path.localeCompare(b.path))), [p]);
  const file = picked && files.some((f) => f.path === picked) ? picked : (files.find((f) => f.change !== "unchanged")?.path ?? files[0]?.path);
  // Without a lint click, open each file at its first change.
  const firstChange = useMemo(() => (p && file ? { line: firstChangedLine(p.base[file] ?? "", p.files[file] ?? ""), nonce: 0 } : null), [p, file]);
  if (q.isPending) return <Skeleton className="m-4 h-[60vh]" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  if (!p) return null;
  const markers = p.lint.filter((f) => f.file === file).map((f) => ({ line: f.line, severity: f.severity === "error" ? ("error" as const) : ("warning" as const), message: `${f.rule}: ${f.message}` }));
  return (
    <div className="flex min-h-0 flex-1" data-testid="review-preview">
      <div className="w-64 shrink-0 overflow-y-auto border-r border-slate-200 p-3 text-sm">
        <p className="mb-2 text-xs text-slate-500" data-testid="preview-summary">
          {p.outcomes.length} decided item{p.outcomes.length === 1 ? "" : "s"} applied · {p.diff.changedFiles} file{p.diff.changedFiles === 1 ? "" : "s"} changed · +{p.diff.added} −{p.diff.removed}
        </p>
        {p.outcomes.length === 0 ? <p className="mb-2 rounded bg-slate-50 p-2 text-xs text-slate-600">Nothing accepted yet: the preview equals the base. Accept or edit items to see the skill they make.</p> : null}
        <ul className="space-y-0.5">
          {files.map((f) => (
            <li key={f.path}>
              <button type="button" data-testid="preview-file" data-path={f.path} aria-current={f.path === file ? "true" : undefined} onClick={() => {
                  setPicked(f.path);
                  setReveal(null);
                }} className={cn("flex w-full items-center justify-between rounded px-2 py-1 text-left font-mono text-xs", f.path === file ? "bg-brand-50 text-brand-800" : "hover:bg-slate-100")}>
                <span className="truncate">{f.path}</span>
                {f.change === "unchanged" ? null : <span className="ml-2 shrink-0 text-[10px] text-slate-500">{f.change} +{f.added}−{f.removed}</span>}
              </button>
            </li>
          ))}
        </ul>
        <h3 className="mb-1.5 mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Lint ({p.lint.length})</h3>
        {p.lint.length === 0 ? (
          <p className="text-xs text-emerald-700" data-testid="preview-lint-clean">
            No findings.
          </p>
        ) : (
          <ul className="space-y-1" data-testid="preview-lint">
            {p.lint.map((f, n) => (
              <li key={n}>
                <button
                  type="button"
                  data-testid="preview-lint-finding"
                  className="w-full rounded px-1 py-0.5 text-left text-xs hover:bg-slate-100"
                  onClick={() => {
                    setPicked(f.file);
                    setReveal({ line: f.line, nonce: Date.now() });
                  }}
                >
                  <Badge tone={f.severity === "error" ? "red" : "amber"}>{f.rule}</Badge>{" "}
                  <span className="font-mono text-slate-500">
                    {f.file}:{f.line}
                  </span>{" "}
                  <span className="text-slate-700">{f.message}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="min-h-0 min-w-0 flex-1">
        {file ? (
          <SkillDiffEditor key={file} modelScope="preview" path={file} original={p.base[file] ?? ""} modified={p.files[file] ?? ""} markers={markers} reveal={reveal ?? firstChange} height="100%" testId="preview-diff-editor" />
        ) : (
          <EmptyState title="No files">This proposal has no files.</EmptyState>
        )}
      </div>
    </div>
  );
}
