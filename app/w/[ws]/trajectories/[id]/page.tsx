import type { Metadata } from "next";
import Link from "next/link";
import { TraceSidePanel } from "@/components/traces/trace-side-panel";
import { TraceViewer } from "@/components/traces/trace-viewer";
import { getTrajectoryDetail } from "@/lib/trajectories/detail";
import { readStepPage, VIEWER_PAGE_SIZE } from "@/lib/trajectories/steps";
import { requireWorkspace } from "../../context";

export const metadata: Metadata = { title: "Trajectory" };

export default async function TrajectoryPage({ params }: { params: Promise<{ ws: string; id: string }> }) {
  const { ws, id } = await params;
  const { access } = await requireWorkspace(ws);
  // The first page is rendered on the server: the first screen never waits for a client request.
  // (The detail lookup checks that the trajectory belongs to this workspace.)
  const [t, firstPage] = await Promise.all([getTrajectoryDetail(access.workspace.id, id), readStepPage(id, 0, VIEWER_PAGE_SIZE)]);
  return (
    <div className="flex h-[calc(100vh-3.5rem)] flex-col">
      <div className="mb-3 flex items-baseline gap-2 text-sm">
        <Link href={`/w/${ws}/pools/${encodeURIComponent(t.pool)}/trajectories`} className="text-brand-600 hover:underline">
          {t.pool}
        </Link>
        <span className="text-slate-400">/</span>
        <h1 className="truncate font-semibold text-slate-900" title={t.externalId}>
          {t.externalId}
        </h1>
      </div>
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_20rem] gap-4">
        <TraceViewer ws={ws} trajectoryId={t.id} stepCount={t.stepCount} firstPage={firstPage} />
        <div className="min-h-0 overflow-y-auto">
          <TraceSidePanel ws={ws} t={t} />
        </div>
      </div>
    </div>
  );
}
