"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, GitMerge, ListChecks, Lightbulb } from "lucide-react";
import Link from "next/link";
import type { TRunDetail } from "@/lib/distill/run-detail";
import type { TRunProgress } from "@/lib/distill/run-progress";
import { runDetailQuery } from "@/lib/queries/runs";
import { Card, CardHeader, PageHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { Time } from "../ui/time";
import { FailuresPanel } from "./failures-panel";
import { baseLabel } from "./labels";
import { CancelRunButton, RetryRunButton } from "./run-actions";
import { RunSettingsCard } from "./run-settings-card";
import { formatDuration, RunStatusBadge } from "./run-status-badge";
import { StageBars } from "./stage-bars";
import { useRunProgress } from "./use-run-events";

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{value}</div>
      {hint ? <div className="text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}

export function RunView({ ws, initialRun, initialProgress, canCurate }: { ws: string; initialRun: TRunDetail; initialProgress: TRunProgress; canCurate: boolean }) {
  const { data: run } = useQuery({ ...runDetailQuery(ws, initialRun.id), initialData: initialRun });
  const p = useRunProgress(ws, run.id, initialProgress);
  const base = `/w/${ws}/runs/${run.id}`;
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            Run <span className="font-mono text-base text-slate-500">{run.id.slice(-10)}</span>
            <CopyButton value={run.id} label="Copy run id" />
            <RunStatusBadge status={p.status} stage={p.stage} testId="run-status" />
          </span>
        }
        description={
          <span data-testid="run-header">
            <Link className="text-brand-600 hover:underline" href={`/w/${ws}/pools/${encodeURIComponent(run.pool.name)}`}>
              {run.pool.name}
            </Link>{" "}
            · {baseLabel(run)} → {p.status === "succeeded" ? "proposal ready for review" : p.status} · {run.mode} analysts · {run.models.kind === "llm" ? `LLM ${run.models.analyst ?? ""}` : "rule-based"} · started <Time iso={run.startedAt ?? run.createdAt} />
          </span>
        }
        actions={canCurate ? <CancelRunButton ws={ws} run={run.id} progress={p} /> : null}
      />

      {p.error ? (
        <div role="status" data-testid="run-error" className={`mb-5 flex gap-2 rounded-md border px-4 py-3 text-sm ${p.status === "failed" ? "border-red-200 bg-red-50 text-red-800" : "border-amber-200 bg-amber-50 text-amber-900"}`}>
          <AlertTriangle size={16} className="mt-0.5 shrink-0" />
          <span className="whitespace-pre-wrap break-words">{p.error}</span>
        </div>
      ) : null}

      <div className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat testId="run-tokens" label="Tokens" value={(p.tokensIn + p.tokensOut).toLocaleString()} hint={`${p.tokensIn.toLocaleString()} in · ${p.tokensOut.toLocaleString()} out`} />
        <Stat testId="run-cost" label="Cost" value={`$${p.costUsd.toFixed(p.costUsd < 1 ? 4 : 2)}`} hint={p.budgetUsd ? `budget $${p.budgetUsd.toFixed(2)}` : "no budget cap"} />
        <Stat testId="run-elapsed" label="Elapsed" value={formatDuration(p.elapsedMs)} hint={p.finished ? "finished" : p.status === "queued" ? "waiting for a worker" : "running"} />
        <Stat testId="run-eta" label="ETA" value={p.finished ? "done" : formatDuration(p.etaMs)} hint={p.finished ? undefined : "analysts left, at the rate so far"} />
      </div>

      <Card className="mb-5">
        <CardHeader title="Stages" description="Analyse and map run per trajectory in parallel; the merge runs level by level; then the proposal is applied, linted and verified." />
        <StageBars p={p} />
      </Card>

      <div className="mb-5 grid gap-3 md:grid-cols-3">
        {[
          { href: `${base}/lessons`, icon: <Lightbulb size={18} />, title: "Lessons", text: "Each trajectory's lessons beside its trace", testId: "run-link-lessons" },
          { href: `${base}/merge`, icon: <GitMerge size={18} />, title: "Merge tree", text: "Levels, nodes, what was deduplicated or dropped", testId: "run-link-merge" },
          { href: `${base}/review`, icon: <ListChecks size={18} />, title: "Review", text: p.apply.done ? `${p.apply.items} proposal items` : "Available once the run has finished", testId: "run-link-review" },
        ].map((l) => (
          <Link key={l.href} href={l.href} data-testid={l.testId} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-300 hover:bg-brand-50/30">
            <span className="text-brand-600">{l.icon}</span>
            <span>
              <span className="block text-sm font-semibold text-slate-900">{l.title}</span>
              <span className="block text-xs text-slate-500">{l.text}</span>
            </span>
          </Link>
        ))}
      </div>

      <div className="mb-5">
        <FailuresPanel ws={ws} run={run.id} count={p.failures} actions={canCurate ? <RetryRunButton ws={ws} run={run.id} progress={p} /> : null} />
      </div>
      <RunSettingsCard run={run} />
      {p.finished ? (
        <p className="mt-3 text-xs text-slate-500">
          Continue with the official Trace2Skill code:{" "}
          <a href={`/api/w/${ws}/runs/${run.id}/export?format=official`} data-testid="run-export-official" className="text-brand-600 hover:underline">
            download this run in the official layout (.zip)
          </a>{" "}
          — records, map patches, merge levels and the final patch.
        </p>
      ) : null}
    </>
  );
}
