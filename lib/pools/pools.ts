import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";

export const ZPoolName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, "Use 1–64 letters, digits, dots, dashes or underscores (it is used on the command line).");

export const ZCreatePool = z.object({ name: ZPoolName, description: z.string().trim().max(2000).default("") });

export type TPoolSummary = {
  id: string;
  name: string;
  description: string;
  trajectoryCount: number;
  success: number;
  failure: number;
  unknown: number;
  lastUploadAt: string | null;
  createdAt: string;
};

export async function listPools(workspaceId: string): Promise<TPoolSummary[]> {
  const pools = await db().pool.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    include: { uploads: { select: { createdAt: true }, orderBy: { createdAt: "desc" }, take: 1 } },
  });
  const counts = pools.length
    ? await db().trajectory.groupBy({ by: ["poolId", "outcome"], where: { poolId: { in: pools.map((p) => p.id) } }, _count: { _all: true } })
    : [];
  return pools.map((p) => {
    const of = (o: string) => counts.find((c) => c.poolId === p.id && c.outcome === o)?._count._all ?? 0;
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      trajectoryCount: p.trajectoryCount,
      success: of("success"),
      failure: of("failure"),
      unknown: of("unknown"),
      lastUploadAt: p.uploads[0]?.createdAt.toISOString() ?? null,
      createdAt: p.createdAt.toISOString(),
    };
  });
}

/** `principal` undefined: the system itself (demo seeding, the command-line import). */
export async function createPool(workspaceId: string, principal: TPrincipal | undefined, input: z.infer<typeof ZCreatePool>): Promise<TPoolSummary> {
  const exists = await db().pool.findUnique({ where: { workspaceId_name: { workspaceId, name: input.name } }, select: { id: true } });
  if (exists) throw new AppError("conflict:pool", `A pool named "${input.name}" already exists in this workspace.`);
  const pool = await db().pool.create({
    data: { workspaceId, name: input.name, description: input.description, createdById: principal?.kind === "user" ? principal.userId : null },
  });
  await recordAudit({ workspaceId, principal, action: "pool.create", entityType: "pool", entityId: pool.id, after: { name: pool.name } });
  return { id: pool.id, name: pool.name, description: pool.description, trajectoryCount: 0, success: 0, failure: 0, unknown: 0, lastUploadAt: null, createdAt: pool.createdAt.toISOString() };
}
