import type { TRunDetail } from "@/lib/distill/run-detail";
import { Card, CardHeader } from "../ui/card";

// What was recorded when the run started, so its result can be explained and repeated.

function Row({ k, v }: { k: string; v: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-slate-100 py-1.5 text-sm last:border-0">
      <dt className="text-slate-500">{k}</dt>
      <dd className="truncate text-right font-mono text-xs text-slate-800" title={v}>
        {v}
      </dd>
    </div>
  );
}

export function RunSettingsCard({ run }: { run: TRunDetail }) {
  const c = run.config;
  const models = run.models.kind === "llm" ? (["analyst", "mapper", "merger", "translator"] as const).map((r) => `${r}: ${run.models[r] ?? "?"}`).join(" · ") : "rule-based analyst, mapper and merger";
  return (
    <Card data-testid="run-settings">
      <CardHeader title="Recorded settings" />
      <div className="grid gap-x-8 px-5 py-3 md:grid-cols-2">
        <dl>
          <Row k="Analysts" v={c.analysts} />
          <Row k="Fan-in · max levels" v={`${c.fanIn} · ${c.maxLevels}`} />
          <Row k="Min support" v={`${c.minSupport} (${c.lowSupport === "reference" ? "route to reference" : "hold back"})`} />
          <Row k="Concurrency" v={String(c.concurrency)} />
          <Row k="Budget" v={c.budgetUsd ? `$${c.budgetUsd.toFixed(2)}` : "none"} />
          <Row k="Sample · unknown outcomes" v={`${c.sample ?? "all"} · ${c.includeUnknown ? "included" : "left out"}`} />
          <Row k="Trajectories selected" v={String(c.selected ?? "?")} />
        </dl>
        <dl>
          <Row k="Models" v={models} />
          {Object.entries(run.promptVersions.versions).map(([k, v]) => (
            <Row key={k} k={`Prompt ${k}`} v={String(v)} />
          ))}
          <Row k="Pool content hash" v={run.poolContentHash ? `${run.poolContentHash.slice(0, 16)}…` : "—"} />
          <Row k="Seed" v={c.seed ?? "—"} />
        </dl>
      </div>
    </Card>
  );
}
