import { Download, ShieldAlert } from "lucide-react";
import type { TTrajectoryDetail } from "@/lib/trajectories/detail";
import { Badge } from "../ui/badge";
import { CopyButton } from "../ui/copy-button";

function fmtDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800">{children}</dd>
    </div>
  );
}

export function TraceSidePanel({ ws, t }: { ws: string; t: TTrajectoryDetail }) {
  const base = `/api/w/${ws}/trajectories/${t.id}/download`;
  return (
    <aside className="space-y-4 text-sm" data-testid="trace-side-panel">
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Task</h2>
        <p className="max-h-48 overflow-y-auto whitespace-pre-wrap text-slate-800" data-testid="trace-instruction">
          {t.instruction || <span className="italic text-slate-400">no instruction recorded</span>}
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5">
          <Row label="Outcome">
            <Badge tone={t.outcome === "success" ? "green" : t.outcome === "failure" ? "red" : "slate"}>{t.outcome}</Badge>
            {t.reward !== null ? <span className="ml-2 text-xs text-slate-500">reward {t.reward}</span> : null}
          </Row>
          <Row label="Split">{t.split === "holdout" ? <Badge tone="violet">held out</Badge> : "evolve"}</Row>
          <Row label="Task">{t.taskId ?? "—"}</Row>
          <Row label="Trajectory">
            <span className="font-mono text-xs">{t.externalId}</span> <CopyButton value={t.externalId} label="Copy trajectory id" className="h-5 w-5" />
          </Row>
          <Row label="Model">{t.model ?? "—"}</Row>
          <Row label="Harness">{t.harness ?? "—"}</Row>
          <Row label="Steps">
            {t.stepCount.toLocaleString()}
            {t.errorCount ? <span className="ml-1 text-amber-700">({t.errorCount} errors)</span> : null}
          </Row>
          <Row label="Tokens">
            {(t.tokensIn + t.tokensOut).toLocaleString()} <span className="text-xs text-slate-500">({t.tokensIn.toLocaleString()} in / {t.tokensOut.toLocaleString()} out)</span>
          </Row>
          <Row label="Duration">{fmtDuration(t.durationMs)}</Row>
          <Row label="Source">
            <span className="font-mono text-xs">{t.sourceFile ?? "—"}</span>
            {t.sourceLine ? <span className="text-xs text-slate-500"> line {t.sourceLine}</span> : null}
          </Row>
          <Row label="Format">{t.format}</Row>
          <Row label="Pool">{t.pool}</Row>
        </dl>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="trace-secrets">
        <h2 className="mb-2 flex items-center gap-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">
          <ShieldAlert size={13} /> Secret scan
        </h2>
        {t.secrets.count ? (
          <p className="text-amber-800">
            {t.secrets.count} possible secret(s): {t.secrets.kinds.join(", ")}. Masked before any LLM sees this trace.
          </p>
        ) : (
          <p className="text-slate-500">No keys, tokens or e-mail addresses found.</p>
        )}
      </section>
      <section className="flex flex-wrap gap-2">
        <a href={`${base}?what=normalized`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" data-testid="download-normalized">
          <Download size={14} /> Normalized JSON
        </a>
        {t.hasOriginal ? (
          <a href={`${base}?what=original`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50" data-testid="download-original">
            <Download size={14} /> Original
          </a>
        ) : null}
      </section>
    </aside>
  );
}
