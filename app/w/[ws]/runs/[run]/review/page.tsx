import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReviewScreen } from "@/components/review/review-screen";
import { hasRole } from "@/lib/auth/roles";
import { getRunDetail } from "@/lib/distill/run-detail";
import { isAppError } from "@/lib/errors";
import { countChangedLessons } from "@/lib/review/run-audit";
import { requireWorkspace } from "../../../context";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ params }: { params: Promise<{ ws: string; run: string }> }) {
  const { ws, run: runId } = await params;
  const { access, user } = await requireWorkspace(ws);
  const run = await getRunDetail(access.workspace.id, runId).catch((e: unknown) => {
    if (isAppError(e) && e.kind === "not_found") notFound();
    throw e;
  });
  const changedLessons = await countChangedLessons(run.id, run.finishedAt ? new Date(run.finishedAt) : null);
  const base = run.base.kind === "create" ? `new skill ${run.base.skill}` : `${run.base.skill}@${run.base.version ?? "?"}`;
  return (
    <ReviewScreen
      ws={ws}
      run={{ id: run.id, pool: run.pool.name, base, status: run.status, changedLessons }}
      me={user.id}
      canCurate={hasRole(access.role, "curator")}
      canPublish={hasRole(access.role, "publisher")}
    />
  );
}
