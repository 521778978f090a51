"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import type { TLabelsFileReport } from "@/lib/pools/labels-file";
import type { TSplitPreview } from "@/lib/pools/split";
import { ApiError, apiFetch } from "@/lib/queries/api";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Input } from "../ui/field";
import { Table, Td, Th, Tr } from "../ui/table";

// The pool overview's "Labels & split" card: the held-out ratio (with a preview of what applying it
// does) and a labels-file upload with its per-record report. Curators only; viewers see the split.

const pct = (r: number) => `${Math.round(r * 100)}%`;
const STATUS_TONE = { applied: "green", not_found: "amber", invalid: "red" } as const;
const SHOWN_RESULTS = 500;

async function postLabelsFile(url: string, file: File): Promise<TLabelsFileReport> {
  const res = await fetch(url, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" }, credentials: "same-origin" });
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(data?.error?.message ?? `Upload failed (${res.status})`, res.status, data?.error?.code ?? "unknown");
  return data as TLabelsFileReport;
}

export function LabelsSplitPanel({ ws, pool, holdoutRatio, splits, canEdit }: { ws: string; pool: string; holdoutRatio: number; splits: { key: string; count: number }[]; canEdit: boolean }) {
  const held = splits.find((s) => s.key === "holdout")?.count ?? 0;
  const current = holdoutRatio > 0 ? `${pct(holdoutRatio)} of tasks held out: ${held.toLocaleString()} trajectories are never used for distillation.` : "No held-out split: every trajectory can feed a distillation run.";
  return (
    <Card data-testid="labels-split">
      <CardHeader title="Labels & split" description={current} />
      {canEdit ? (
        <div className="grid gap-6 p-5 lg:grid-cols-2">
          <SplitControl ws={ws} pool={pool} holdoutRatio={holdoutRatio} />
          <LabelsFileUpload ws={ws} pool={pool} />
        </div>
      ) : null}
    </Card>
  );
}

function SplitControl({ ws, pool, holdoutRatio }: { ws: string; pool: string; holdoutRatio: number }) {
  const router = useRouter();
  const [percent, setPercent] = useState(String(Math.round(holdoutRatio * 100)));
  const [confirming, setConfirming] = useState(false);
  const value = Number(percent);
  const valid = percent.trim() !== "" && Number.isFinite(value) && value >= 0 && value <= 90;
  const ratio = valid ? value / 100 : holdoutRatio;
  const base = `/api/w/${ws}/pools/${encodeURIComponent(pool)}/split`;
  const preview = useQuery({
    queryKey: ["w", ws, "pool", pool, "split-preview", ratio],
    queryFn: ({ signal }) => apiFetch<{ split: TSplitPreview }>(`${base}?ratio=${ratio}`, { signal }),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const apply = useMutation({
    mutationFn: () => apiFetch<{ split: TSplitPreview }>(base, { method: "PUT", body: { ratio } }),
    onSuccess: ({ split }) => {
      toast.success(`Split applied: ${split.holdout.toLocaleString()} held out, ${split.evolve.toLocaleString()} for distillation.`);
      setConfirming(false);
      router.refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const p = preview.data?.split;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">Held-out split</h3>
      <p className="mt-1 text-sm text-slate-500">Chosen by a hash of each task id, so it is deterministic and all attempts at one task land on the same side.</p>
      <div className="mt-3 flex items-center gap-2">
        <label htmlFor="holdout-percent" className="text-sm text-slate-700">
          Hold out
        </label>
        <Input id="holdout-percent" data-testid="holdout-percent" type="number" min={0} max={90} step={1} className="w-20" value={percent} onChange={(e) => setPercent(e.target.value)} aria-invalid={!valid} />
        <span className="text-sm text-slate-700">% of tasks</span>
        <Button size="sm" data-testid="holdout-apply" disabled={!valid || !p || apply.isPending} onClick={() => setConfirming(true)}>
          Apply…
        </Button>
      </div>
      <p className="mt-2 text-xs text-slate-500" data-testid="holdout-preview">
        {!valid ? "Enter a whole number from 0 to 90." : p ? `${p.holdout.toLocaleString()} of ${p.total.toLocaleString()} trajectories (${p.holdoutTasks.toLocaleString()} tasks) would be held out; ${p.changes.toLocaleString()} change side.` : "Counting…"}
      </p>
      {p ? (
        <Dialog open={confirming} onOpenChange={setConfirming} title={`Hold out ${pct(ratio)} of tasks?`} testId="holdout-confirm-dialog">
          <div className="space-y-3 text-sm text-slate-700">
            <p data-testid="holdout-confirm-text">
              {p.holdout.toLocaleString()} trajectories ({p.holdoutTasks.toLocaleString()} tasks) will be marked held out and {p.evolve.toLocaleString()} evolve; {p.changes.toLocaleString()} change side. Held-out trajectories are never used by a distillation run. Trajectories imported into this pool later are split by the same rule.
            </p>
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button data-testid="holdout-confirm" disabled={apply.isPending} onClick={() => apply.mutate()}>
                {apply.isPending ? "Applying…" : "Apply split"}
              </Button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function LabelsFileUpload({ ws, pool }: { ws: string; pool: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: (file: File) => postLabelsFile(`/api/w/${ws}/pools/${encodeURIComponent(pool)}/labels/file`, file),
    onSuccess: (r) => {
      toast.success(`Labels file: ${r.applied.toLocaleString()} applied, ${r.changed.toLocaleString()} trajectories changed.`);
      router.refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const r = upload.data;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">Labels file</h3>
      <p className="mt-1 text-sm text-slate-500">
        A JSON array or JSONL of <code className="text-xs">{`{"id": …, "outcome": "success|failure|unknown", "reward": 0.8}`}</code>; <code className="text-xs">id</code> is the trajectory&apos;s id from its trace file.
      </p>
      <div className="mt-3">
        <Button variant="secondary" size="sm" data-testid="labels-file-choose" disabled={upload.isPending} onClick={() => input.current?.click()}>
          <FileUp size={14} /> {upload.isPending ? "Applying…" : "Upload labels file"}
        </Button>
        <input
          ref={input}
          data-testid="labels-file-input"
          type="file"
          accept=".json,.jsonl,.ndjson,application/json"
          className="hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) upload.mutate(file);
          }}
        />
      </div>
      {r ? (
        <div className="mt-3" data-testid="labels-file-report">
          <p className="text-sm text-slate-700">
            {r.records.toLocaleString()} records: <span className="text-emerald-700">{r.applied.toLocaleString()} applied</span> ({r.changed.toLocaleString()} trajectories changed), <span className="text-amber-700">{r.notFound.toLocaleString()} not found</span>, <span className="text-red-700">{r.invalid.toLocaleString()} invalid</span>.
          </p>
          <Table className="mt-2 max-h-72 overflow-y-auto rounded border border-slate-200">
            <thead>
              <tr>
                <Th>Line</Th>
                <Th>Id</Th>
                <Th>Result</Th>
              </tr>
            </thead>
            <tbody>
              {r.results.slice(0, SHOWN_RESULTS).map((x) => (
                <Tr key={x.line}>
                  <Td className="tabular-nums">{x.line}</Td>
                  <Td className="max-w-48 truncate font-mono text-xs">{x.id ?? "—"}</Td>
                  <Td>
                    <Badge tone={STATUS_TONE[x.status]}>{x.status.replace("_", " ")}</Badge>
                    <span className="ml-2 text-xs text-slate-500">{x.reason ?? (x.changed !== undefined ? `${x.changed} changed` : "")}</span>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          {r.results.length > SHOWN_RESULTS || r.truncated ? <p className="mt-1 text-xs text-slate-500">Showing the first {SHOWN_RESULTS} records.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
