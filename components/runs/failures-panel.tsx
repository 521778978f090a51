"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { runFailuresQuery } from "@/lib/queries/runs";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";

// Failed analyst and MAP calls and passed-through merge nodes, 20 at a time, with their reasons.
// Reasons and messages come from the LLM layer and may quote the endpoint: rendered as text.

export function FailuresPanel({ ws, run, count, actions }: { ws: string; run: string; count: number; actions?: React.ReactNode }) {
  const [offset, setOffset] = useState(0);
  const q = useQuery({ ...runFailuresQuery(ws, run, offset), enabled: count > 0 });
  return (
    <Card data-testid="run-failures">
      <CardHeader title={`Failures (${count})`} description={count ? "Each failed item is recorded and the run goes on; retry them once the run has finished." : "No item has failed."} actions={actions} />
      {count === 0 ? null : q.isPending ? (
        <TableSkeleton rows={3} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Item</Th>
                <Th>Trajectory</Th>
                <Th>Reason</Th>
                <Th>Message</Th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((f) => (
                <Tr key={f.id} data-testid="failure-row">
                  <Td className="whitespace-nowrap text-xs">
                    {f.kind === "analysis" ? "analyst" : f.kind} <span className="font-mono text-slate-400">{f.key}</span>
                  </Td>
                  <Td className="max-w-48 truncate font-mono text-xs">{f.trajectoryId ? <Link className="text-brand-600 hover:underline" href={`/w/${ws}/trajectories/${f.trajectoryId}`}>{f.trajectory ?? f.trajectoryId}</Link> : "—"}</Td>
                  <Td>
                    <Badge tone="red">{f.reason}</Badge>
                  </Td>
                  <Td className="max-w-xl text-xs text-slate-600">
                    <span className="line-clamp-2 break-words">{f.message}</span>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          {q.data.total > 20 ? (
            <div className="flex items-center justify-end gap-2 px-5 py-3 text-xs text-slate-500">
              {offset + 1}–{offset + q.data.items.length} of {q.data.total}
              <Button size="sm" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 20))}>
                Previous
              </Button>
              <Button size="sm" variant="secondary" disabled={q.data.nextOffset === null} onClick={() => setOffset(q.data.nextOffset ?? offset)}>
                Next
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
