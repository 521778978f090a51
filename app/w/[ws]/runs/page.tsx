import type { Metadata } from "next";
import Link from "next/link";
import { PlayCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { listRuns } from "@/lib/distill/list-runs";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Runs" };

const STATUS_TONE = { queued: "slate", running: "blue", succeeded: "green", failed: "red", cancelled: "amber" } as const;

export default async function RunsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access } = await requireWorkspace(ws);
  const runs = await listRuns(access.workspace.id);
  return (
    <>
      <PageHeader title="Runs" description="A distillation run sends a fleet of analysts over a pool, one per trajectory, and merges their proposed edits into one reviewable skill update." />
      {runs.length === 0 ? (
        <EmptyState testId="runs-empty" icon={<PlayCircle size={28} />} title="No distillation runs yet">
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
                <Th className="text-right">Cost</Th>
                <Th>Started</Th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <Tr key={r.id}>
                  <Td className="font-mono text-xs">{r.id.slice(-8)}</Td>
                  <Td>{r.pool}</Td>
                  <Td>{r.skill ?? "—"}</Td>
                  <Td>{r.mode}</Td>
                  <Td>
                    <Badge tone={STATUS_TONE[r.status as keyof typeof STATUS_TONE] ?? "slate"}>{r.status}</Badge> <span className="text-xs text-slate-500">{r.stage}</span>
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
