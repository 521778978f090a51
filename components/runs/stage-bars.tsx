import type { TRunProgress } from "@/lib/distill/run-progress";
import { cn } from "../ui/cn";

// One bar per stage: analysts n/N, MAP of the analysed, merge level k of L, apply/lint.

function Bar({ label, value, max, detail, tone = "brand", active, testId }: { label: string; value: number; max: number; detail: string; tone?: "brand" | "green" | "amber"; active?: boolean; testId: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  const fill = { brand: "bg-brand-500", green: "bg-emerald-500", amber: "bg-amber-500" }[tone];
  return (
    <div data-testid={testId} data-value={value} data-max={max}>
      <div className="mb-1 flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium text-slate-800">{label}</span>
        <span className="text-xs tabular-nums text-slate-500">{detail}</span>
      </div>
      <div className="h-2.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={label} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className={cn("h-full rounded-full transition-all", fill, active && "animate-pulse")} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function StageBars({ p }: { p: TRunProgress }) {
  const a = p.analyse;
  const finishedAnalyses = a.done + a.failed + a.skipped;
  const live = !p.finished;
  const levelDetail = p.merge.levels === 0 ? (p.stage === "merge" || p.apply.started ? "nothing to merge" : "waiting for patches") : `level ${p.merge.level} of ${p.merge.levels}${p.merge.forced ? " (last one forced)" : ""}`;
  const nodesDone = p.merge.perLevel.reduce((n, l) => n + l.done, 0);
  const nodesAll = p.merge.perLevel.reduce((n, l) => n + l.nodes, 0);
  return (
    <div className="grid gap-5 p-5 md:grid-cols-2">
      <Bar
        testId="stage-analyse"
        label="Analysts"
        value={finishedAnalyses}
        max={a.total}
        active={live && p.stage === "analyse"}
        tone={a.failed ? "amber" : "brand"}
        detail={`${finishedAnalyses} / ${a.total}${a.running ? ` · ${a.running} running` : ""}${a.failed ? ` · ${a.failed} failed` : ""}${a.skipped ? ` · ${a.skipped} skipped` : ""}`}
      />
      <Bar testId="stage-map" label="Map (patch per trajectory)" value={p.map.done + p.map.failed} max={p.map.of} active={live && p.stage === "analyse"} tone={p.map.failed ? "amber" : "brand"} detail={`${p.map.done} / ${p.map.of} analysed${p.map.failed ? ` · ${p.map.failed} failed` : ""} · ${p.map.withEdits} with edits`} />
      <Bar testId="stage-merge" label="Merge" value={p.merge.levels === 0 && p.apply.started ? 1 : nodesDone} max={p.merge.levels === 0 && p.apply.started ? 1 : nodesAll} active={live && p.stage === "merge"} detail={`${levelDetail}${nodesAll ? ` · ${nodesDone}/${nodesAll} nodes` : ""}`} />
      <Bar testId="stage-apply" label="Apply, lint, verify" value={p.apply.done ? 1 : 0} max={1} tone={p.apply.done ? "green" : "brand"} active={live && p.stage === "apply"} detail={p.apply.done ? `${p.apply.items} proposal items` : p.apply.started ? "applying…" : "after the merge"} />
    </div>
  );
}
