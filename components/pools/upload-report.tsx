"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiFetch } from "@/lib/queries/api";
import type { TUploadReport } from "@/lib/pools/uploads";
import { Badge } from "../ui/badge";
import { Card, CardHeader } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

const STATUS_TONE: Record<string, "green" | "red" | "amber" | "slate" | "blue"> = { parsed: "green", expanded: "blue", skipped: "slate", failed: "red", stored: "amber" };

function Summary({ r }: { r: TUploadReport }) {
  if (r.status === "processing" || r.status === "pending") return <p className="text-sm text-slate-600">Importing… this page updates by itself.</p>;
  if (r.status === "failed") return <p className="text-sm text-red-700">The import failed: {r.error}</p>;
  if (r.imported === 0 && r.duplicates > 0) {
    return (
      <p className="text-sm text-slate-700" data-testid="upload-nothing-new">
        Nothing new: all {r.duplicates.toLocaleString()} trajectories in these files are already in the pool.
        {r.rejected ? ` ${r.rejected.toLocaleString()} record(s) could not be read; see below.` : ""}
      </p>
    );
  }
  return (
    <p className="text-sm text-slate-700" data-testid="upload-summary">
      Imported <strong>{r.imported.toLocaleString()}</strong> new trajector{r.imported === 1 ? "y" : "ies"}
      {r.duplicates ? `, skipped ${r.duplicates.toLocaleString()} already in the pool` : ""}
      {r.rejected ? `, rejected ${r.rejected.toLocaleString()} record(s) listed below` : ""}.
    </p>
  );
}

export function UploadReport({ ws, uploadId }: { ws: string; uploadId: string }) {
  const report = useQuery({
    queryKey: ["w", ws, "upload", uploadId],
    queryFn: ({ signal }) => apiFetch<{ upload: TUploadReport }>(`/api/w/${ws}/uploads/${uploadId}`, { signal }),
    // Poll while the worker imports; stop once it is done.
    refetchInterval: (q) => (q.state.data && ["done", "failed"].includes(q.state.data.upload.status) ? false : 1000),
  });
  if (report.isPending) return <TableSkeleton />;
  if (report.error) return <ErrorState error={report.error} onRetry={() => report.refetch()} />;
  const r = report.data.upload;
  const issues = r.files.flatMap((f) => f.issues.map((i, n) => ({ ...i, key: `${f.id}-${n}` })));
  return (
    <div className="space-y-5">
      <Card>
        <CardHeader
          title={
            <span className="flex items-center gap-2">
              Import report <Badge tone={r.status === "done" ? "green" : r.status === "failed" ? "red" : "amber"}>{r.status}</Badge>
            </span>
          }
          description={
            <>
              {r.fileCount} file(s), uploaded <Time iso={r.createdAt} />
              {r.forcedFormat ? ` · format forced to ${r.forcedFormat}` : ""}
            </>
          }
          actions={
            <Link className="text-sm text-brand-600 hover:underline" href={`/w/${ws}/pools/${encodeURIComponent(r.pool)}/trajectories`}>
              View trajectories
            </Link>
          }
        />
        <div className="px-5 py-4" data-testid="upload-status" data-status={r.status}>
          <Summary r={r} />
        </div>
        <Table>
          <thead>
            <tr>
              <Th>File</Th>
              <Th>Format</Th>
              <Th>Status</Th>
              <Th className="text-right">Imported</Th>
              <Th className="text-right">Duplicates</Th>
              <Th className="text-right">Rejected</Th>
            </tr>
          </thead>
          <tbody data-testid="upload-files">
            {r.files.map((f) => (
              <Tr key={f.id} data-testid={`upload-file-${f.name}`}>
                <Td>
                  <div className="font-mono text-xs">{f.name}</div>
                  {f.note ? <div className="text-xs text-slate-500">{f.note}</div> : null}
                </Td>
                <Td className="text-xs">{f.format ?? "—"}</Td>
                <Td>
                  <Badge tone={STATUS_TONE[f.status] ?? "slate"}>{f.status}</Badge>
                </Td>
                <Td className="text-right tabular-nums">{f.imported}</Td>
                <Td className="text-right tabular-nums">{f.duplicates}</Td>
                <Td className="text-right tabular-nums">{f.rejected}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {issues.length ? (
        <Card>
          <CardHeader title="Rejected records" description="Each bad record was skipped; everything valid in the same file was kept." />
          <Table>
            <thead>
              <tr>
                <Th>File</Th>
                <Th>Where</Th>
                <Th>Field</Th>
                <Th>Reason</Th>
              </tr>
            </thead>
            <tbody data-testid="upload-issues">
              {issues.map((i) => (
                <Tr key={i.key}>
                  <Td className="font-mono text-xs">{i.file}</Td>
                  <Td className="whitespace-nowrap text-xs">{i.line !== undefined ? `line ${i.line}` : i.record !== undefined ? `record ${i.record}` : "—"}</Td>
                  <Td className="font-mono text-xs">{i.field ?? "—"}</Td>
                  <Td className="text-xs">{i.reason}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
    </div>
  );
}
