import type { Metadata } from "next";
import { Suspense } from "react";
import { PoolTabs } from "@/components/pools/pool-tabs";
import { TrajectoryTable } from "@/components/pools/trajectory-table";
import { PageHeader } from "@/components/ui/card";
import { TableSkeleton } from "@/components/ui/skeleton";
import { hasRole } from "@/lib/auth/roles";
import { getPoolFacets } from "@/lib/pools/overview";
import { requireWorkspace } from "../../../context";

export const metadata: Metadata = { title: "Trajectories" };

export default async function PoolTrajectoriesPage({ params }: { params: Promise<{ ws: string; pool: string }> }) {
  const { ws, pool } = await params;
  const { access } = await requireWorkspace(ws);
  const p = await getPoolFacets(access.workspace.id, decodeURIComponent(pool));
  return (
    <>
      <PageHeader title={p.name} description={`${p.total.toLocaleString()} trajectories`} />
      <PoolTabs ws={ws} pool={p.name} current="trajectories" />
      <Suspense fallback={<TableSkeleton />}>
        <TrajectoryTable ws={ws} pool={p.name} formats={p.formats} models={p.models} canLabel={hasRole(access.role, "curator")} />
      </Suspense>
    </>
  );
}
