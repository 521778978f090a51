import { db } from "../db/client";

// Demo content for a new install, so every screen has something real to show. Later features
// (imported pools, a distillation run, a published skill) extend this; each part checks for itself
// so re-running is harmless and a user who deleted a demo object does not get it back uninvited.

const DEMO_MARKER = "seed.demo.v1";

export async function seedDemoContent(workspaceId: string): Promise<void> {
  const done = await db().auditEvent.findFirst({ where: { workspaceId, action: DEMO_MARKER }, select: { id: true } });
  if (done) return;
  await db().pool.upsert({
    where: { workspaceId_name: { workspaceId, name: "demo-pool" } },
    create: { workspaceId, name: "demo-pool", description: "Sample trajectories for trying the product." },
    update: {},
  });
  await db().auditEvent.create({ data: { workspaceId, actorKind: "system", actorLabel: "system", action: DEMO_MARKER, entityType: "workspace", entityId: workspaceId } });
}
