import type { Metadata } from "next";
import Link from "next/link";
import { Breakdown } from "@/components/pools/breakdown";
import { Histogram } from "@/components/pools/histogram";
import { LabelsSplitPanel } from "@/components/pools/labels-split-panel";
import { PoolTabs } from "@/components/pools/pool-tabs";
import { UploadPanel } from "@/components/pools/upload-panel";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { hasRole } from "@/lib/auth/roles";
import { getPoolOverview } from "@/lib/pools/overview";
import { requireWorkspace } from "../../context";

export const metadata: Metadata = { title: "Pool" };

function Stat({ label, value, tone, href, testId }: { label: string; value: number; tone?: string; href?: string; testId?: string }) {
  const body = (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={testId}>
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${tone ?? "text-slate-900"}`}>{value.toLocaleString()}</div>
    </div>
  );
  return href ? <Link href={href}>{body}</Link> : body;
}

export default async function PoolPage({ params }: { params: Promise<{ ws: string; pool: string }> }) {
  const { ws, pool: rawPool } = await params;
  const poolName = decodeURIComponent(rawPool);
  const { access } = await requireWorkspace(ws);
  const p = await getPoolOverview(access.workspace.id, poolName);
  const list = `/w/${ws}/pools/${encodeURIComponent(p.name)}/trajectories`;
  return (
    <>
      <PageHeader
        title={p.name}
        description={p.description || "Trajectory pool"}
        actions={
          hasRole(access.role, "curator") && p.total > 0 ? (
            <Link href={`/w/${ws}/runs/new?pool=${encodeURIComponent(p.name)}`} data-testid="pool-new-run" className="inline-flex h-9 items-center rounded-md bg-brand-600 px-3.5 text-sm font-medium text-white hover:bg-brand-700">
              New run
            </Link>
          ) : null
        }
      />
      <PoolTabs ws={ws} pool={p.name} current="overview" />
      <div className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <Stat label="Trajectories" value={p.total} href={list} testId="stat-total" />
        <Stat label="Success" value={p.outcome.success} tone="text-emerald-700" href={`${list}?outcome=success`} testId="stat-success" />
        <Stat label="Failure" value={p.outcome.failure} tone="text-red-700" href={`${list}?outcome=failure`} testId="stat-failure" />
        <Stat label="Unknown outcome" value={p.outcome.unknown} tone="text-slate-600" href={`${list}?outcome=unknown`} testId="stat-unknown" />
        <Stat label="With errors" value={p.withErrors} tone="text-amber-700" href={`${list}?hasErrors=true`} testId="stat-errors" />
        <Stat label="With secrets" value={p.withSecrets} tone="text-red-700" href={`${list}?hasSecrets=true`} testId="stat-secrets" />
      </div>
      <div className="mb-5">
        <UploadPanel ws={ws} pool={p.name} canUpload={hasRole(access.role, "curator")} />
      </div>
      {p.total > 0 ? (
        <div className="mb-5">
          <LabelsSplitPanel ws={ws} pool={p.name} holdoutRatio={p.holdoutRatio} splits={p.splits} canEdit={hasRole(access.role, "curator")} />
        </div>
      ) : null}
      {p.total > 0 ? (
        <div className="mb-5 grid gap-5 lg:grid-cols-2">
          <Card>
            <CardHeader title="Steps per trajectory" description={`${p.totalSteps.toLocaleString()} steps in all`} />
            <div className="p-4">
              <Histogram data={p.stepsHistogram} unit="steps" testId="steps-chart" />
            </div>
          </Card>
          <Card>
            <CardHeader title="Tokens per trajectory" description={`${p.totalTokens.toLocaleString()} tokens in all (where the format records them)`} />
            <div className="p-4">
              <Histogram data={p.tokensHistogram} unit="tokens" testId="tokens-chart" />
            </div>
          </Card>
          <Card className="lg:col-span-2">
            <div className="grid gap-6 p-5 md:grid-cols-3">
              <Breakdown title="Formats" rows={p.formats} total={p.total} hrefFor={(k) => `${list}?format=${encodeURIComponent(k)}`} testId="breakdown-formats" />
              <Breakdown title="Models" rows={p.models} total={p.total} hrefFor={(k) => `${list}?model=${encodeURIComponent(k)}`} testId="breakdown-models" />
              <Breakdown title="Harnesses" rows={p.harnesses} total={p.total} hrefFor={(k) => `${list}?harness=${encodeURIComponent(k)}`} testId="breakdown-harnesses" />
            </div>
          </Card>
        </div>
      ) : null}
      <Card>
        <CardHeader title="Uploads" description={p.contentHash ? `Pool content hash ${p.contentHash.slice(0, 16)}…` : undefined} />
        {p.uploads.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No uploads yet. Drop trace files above to import them.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Status</Th>
                <Th className="text-right">Files</Th>
                <Th className="text-right">Imported</Th>
                <Th className="text-right">Duplicates</Th>
                <Th className="text-right">Rejected</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {p.uploads.map((u) => (
                <Tr key={u.id}>
                  <Td>
                    <Time iso={u.createdAt} />
                  </Td>
                  <Td>
                    <Badge tone={u.status === "done" ? "green" : u.status === "failed" ? "red" : "amber"}>{u.status}</Badge>
                  </Td>
                  <Td className="text-right tabular-nums">{u.fileCount}</Td>
                  <Td className="text-right tabular-nums">{u.imported}</Td>
                  <Td className="text-right tabular-nums">{u.duplicates}</Td>
                  <Td className="text-right tabular-nums">{u.rejected}</Td>
                  <Td className="text-right">
                    <Link className="text-sm text-brand-600 hover:underline" href={`/w/${ws}/pools/${encodeURIComponent(p.name)}/uploads/${u.id}`}>
                      Report
                    </Link>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
