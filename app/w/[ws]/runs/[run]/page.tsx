import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunView } from "@/components/runs/run-view";
import { hasRole } from "@/lib/auth/roles";
import { getRunDetail } from "@/lib/distill/run-detail";
import { getRunProgress } from "@/lib/distill/run-progress";
import { isAppError } from "@/lib/errors";
import { requireWorkspace } from "../../context";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ ws: string; run: string }> }) {
  const { ws, run: runId } = await params;
  const { access } = await requireWorkspace(ws);
  const run = await getRunDetail(access.workspace.id, runId).catch((e: unknown) => {
    if (isAppError(e) && e.kind === "not_found") notFound();
    throw e;
  });
  const progress = await getRunProgress(run.id);
  return <RunView ws={ws} initialRun={run} initialProgress={progress} canCurate={hasRole(access.role, "curator")} />;
}
