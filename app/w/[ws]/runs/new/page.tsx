import type { Metadata } from "next";
import Link from "next/link";
import { PlayCircle } from "lucide-react";
import { NewRunForm } from "@/components/runs/new-run-form";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { hasRole } from "@/lib/auth/roles";
import { getRunFormOptions } from "@/lib/distill/run-form-options";
import { requireWorkspace } from "../../context";

export const metadata: Metadata = { title: "New run" };

export default async function NewRunPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<{ pool?: string }> }) {
  const { ws } = await params;
  const { pool } = await searchParams;
  const { access } = await requireWorkspace(ws);
  const header = <PageHeader title="New distillation run" description="Analysts read every trajectory of the pool, propose edits to the skill, and a hierarchical merge turns them into one proposal for you to review." />;
  if (!hasRole(access.role, "curator")) {
    return (
      <>
        {header}
        <EmptyState testId="run-new-forbidden" icon={<PlayCircle size={28} />} title="Curators start runs">
          Your role in this workspace is {access.role}. Ask an admin to make you a curator, or{" "}
          <Link className="text-brand-600 hover:underline" href={`/w/${ws}/runs`}>
            follow the runs others started
          </Link>
          .
        </EmptyState>
      </>
    );
  }
  const options = await getRunFormOptions(access.workspace.id);
  return (
    <>
      {header}
      {options.pools.length === 0 ? (
        <EmptyState testId="run-new-no-pools" icon={<PlayCircle size={28} />} title="No pool to distill yet">
          A run reads the trajectories of a pool.{" "}
          <Link className="text-brand-600 hover:underline" href={`/w/${ws}/pools`}>
            Create a pool and upload traces
          </Link>{" "}
          first.
        </EmptyState>
      ) : (
        <NewRunForm ws={ws} options={options} initialPool={pool} />
      )}
    </>
  );
}
