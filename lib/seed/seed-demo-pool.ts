import { db } from "../db/client";
import { isAppError } from "../errors";
import { recordAudit } from "../audit";
import { createPool } from "../pools/pools";
import { importNow } from "../pools/import/import-now";
import { DEMO_POOL_DESCRIPTION, DEMO_POOL_FILE, DEMO_POOL_NAME, demoPoolJsonl } from "./demo-pool";

// Seeds the generated demo pool once per workspace. The audit event is the memory of "once": a
// curator who deletes the demo pool does not get it back on the next start.

export const DEMO_SEEDED_ACTION = "demo_pool.seed";

export type TDemoSeed = { seeded: true; poolId: string; imported: number } | { seeded: false; reason: "exists" | "seeded_before" | "disabled" };

export async function seedDemoPool(workspaceId: string): Promise<TDemoSeed> {
  const existing = await db().pool.findUnique({ where: { workspaceId_name: { workspaceId, name: DEMO_POOL_NAME } }, select: { id: true } });
  if (existing) return { seeded: false, reason: "exists" };
  const before = await db().auditEvent.findFirst({ where: { workspaceId, action: DEMO_SEEDED_ACTION }, select: { id: true } });
  if (before) return { seeded: false, reason: "seeded_before" };

  let poolId: string;
  try {
    poolId = (await createPool(workspaceId, undefined, { name: DEMO_POOL_NAME, description: DEMO_POOL_DESCRIPTION })).id;
  } catch (e) {
    // Another process seeding the same database got there first.
    if (isAppError(e) && e.code === "conflict:pool") return { seeded: false, reason: "exists" };
    throw e;
  }
  const report = await importNow(workspaceId, DEMO_POOL_NAME, undefined, [{ name: DEMO_POOL_FILE, data: [Buffer.from(demoPoolJsonl())] }], { via: "demo seed" });
  await recordAudit({ workspaceId, principal: undefined, action: DEMO_SEEDED_ACTION, entityType: "pool", entityId: poolId, after: { name: DEMO_POOL_NAME, imported: report.imported } });
  return { seeded: true, poolId, imported: report.imported };
}
