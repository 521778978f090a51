import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MergeTreeView } from "@/components/runs/merge-tree-view";
import { baseLabel } from "@/components/runs/labels";
import { PageHeader } from "@/components/ui/card";
import { getRunDetail } from "@/lib/distill/run-detail";
import { isAppError } from "@/lib/errors";
import { requireWorkspace } from "../../../context";

export const metadata: Metadata = { title: "Merge tree" };

export default async function MergeTreePage({ params, searchParams }: { params: Promise<{ ws: string; run: string }>; searchParams: Promise<{ node?: string }> }) {
  const { ws, run: runId } = await params;
  const { node } = await searchParams;
  const { access } = await requireWorkspace(ws);
  const run = await getRunDetail(access.workspace.id, runId).catch((e: unknown) => {
    if (isAppError(e) && e.kind === "not_found") notFound();
    throw e;
  });
  return (
    <>
      <PageHeader
        title="Merge tree"
        description={
          <>
            <Link className="text-brand-600 hover:underline" href={`/w/${ws}/runs/${run.id}`} data-testid="merge-back-to-run">
              Run {run.id.slice(-10)}
            </Link>{" "}
            · {run.pool.name} · {baseLabel(run)} · fan-in {run.config.fanIn}, at most {run.config.maxLevels} levels. Each node merges its inputs&apos; edits; support counts are unions of source trajectories, computed by the code.
          </>
        }
      />
      <MergeTreeView ws={ws} run={run.id} selected={node ?? null} />
    </>
  );
}
