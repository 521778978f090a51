import type { Metadata } from "next";
import Link from "next/link";
import { PlayCircle, Plus } from "lucide-react";
import { RunStatusBadge } from "@/components/runs/run-status-badge";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { hasRole } from "@/lib/auth/roles";
import { listRuns, type TRunSummary } from "@/lib/distill/list-runs";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Runs" };

function Progress({ r }: { r: TRunSummary }) {
  const { finished, failed, total } = r.progress;
  const pct = total ? Math.round((finished / total) * 100) : 0;
  return (
    <div className="min-w-32" data-testid="run-progress" title={`${finished} of ${total} trajectories analysed${failed ? `, ${failed} failed` : ""} · stage ${r.stage}`}>
      <div className="mb-0.5 flex justify-between text-xs tabular-nums text-slate-500">
        <span>
          {finished}/{total}
          {failed ? <span className="text-amber-700"> · {failed} failed</span> : null}
        </span>
        <span>{r.stage}</span>
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
        <div className={`h-full rounded-full ${r.status === "succeeded" ? "bg-emerald-500" : failed ? "bg-amber-500" : "bg-brand-500"}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export default async function RunsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access } = await requireWorkspace(ws);
  const runs = await listRuns(access.workspace.id);
  const canStart = hasRole(access.role, "curator");
  const newRun = canStart ? (
    <Link href={`/w/${ws}/runs/new`} data-testid="new-run" className="inline-flex h-9 items-center gap-1.5 rounded-md bg-brand-600 px-3.5 text-sm font-medium text-white hover:bg-brand-700">
      <Plus size={16} /> New run
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Runs" description="A distillation run sends a fleet of analysts over a pool, one per trajectory, and merges their proposed edits into one reviewable skill update." actions={newRun} />
      {runs.length === 0 ? (
        <EmptyState testId="runs-empty" icon={<PlayCircle size={28} />} title="No distillation runs yet" action={newRun}>
          Runs start from a pool with graded trajectories. First{" "}
          <Link href={`/w/${ws}/pools`} className="text-brand-600 hover:underline">
            upload a pool
          </Link>
          ; a run then proposes edits to an existing skill, or creates a new one, for you to review.
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>Run</Th>
                <Th>Pool</Th>
                <Th>Skill</Th>
                <Th>Analysts</Th>
                <Th>Status</Th>
                <Th>Progress</Th>
                <Th className="text-right">Cost</Th>
                <Th>Started</Th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <Tr key={r.id} data-testid="run-row" data-run={r.id}>
                  <Td className="font-mono text-xs">
                    <Link href={`/w/${ws}/runs/${r.id}`} className="text-brand-600 hover:underline" data-testid={`run-link-${r.id}`}>
                      {r.id.slice(-8)}
                    </Link>
                  </Td>
                  <Td>{r.pool}</Td>
                  <Td>{r.skill ?? "—"}</Td>
                  <Td>{r.mode}</Td>
                  <Td>
                    <RunStatusBadge status={r.status} stage={r.stage} />
                  </Td>
                  <Td>
                    <Progress r={r} />
                  </Td>
                  <Td className="text-right tabular-nums">${r.costUsd.toFixed(2)}</Td>
                  <Td>
                    <Time iso={r.createdAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
