import type { Metadata } from "next";
import { PoolsView } from "@/components/pools/pools-view";
import { hasRole } from "@/lib/auth/roles";
import { listPools } from "@/lib/pools/pools";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Pools" };

export default async function PoolsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access } = await requireWorkspace(ws);
  const pools = await listPools(access.workspace.id);
  return <PoolsView ws={ws} pools={pools} canCreate={hasRole(access.role, "curator")} />;
}
