import { recordAudit } from "../audit";
import { db } from "../db/client";
import { isAppError } from "../errors";
import { importSkill } from "../registry/import-skill";
import { buildDemoSkillFiles, DEMO_SKILL_NAME } from "./demo/spreadsheet-basics";

// Seeds the demo base skill once per workspace, through the same import path a curator uses, so
// a distillation run on the demo pool has a skill to deepen. Like the demo pool, the audit event is
// the memory of "once": a curator who deletes the skill does not get it back on the next start.

export const DEMO_SKILL_SEEDED_ACTION = "demo_skill.seed";

export type TDemoSkillSeed = { seeded: true; skillId: string; version: string } | { seeded: false; reason: "exists" | "seeded_before" };

export async function seedDemoSkill(workspaceId: string): Promise<TDemoSkillSeed> {
  const existing = await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: DEMO_SKILL_NAME } }, select: { id: true } });
  if (existing) return { seeded: false, reason: "exists" };
  const before = await db().auditEvent.findFirst({ where: { workspaceId, action: DEMO_SKILL_SEEDED_ACTION }, select: { id: true } });
  if (before) return { seeded: false, reason: "seeded_before" };
  const entries = Object.entries(buildDemoSkillFiles()).map(([path, data]) => ({ path, data }));
  try {
    const result = await importSkill(workspaceId, undefined, "admin", { kind: "folder", entries });
    await recordAudit({ workspaceId, principal: undefined, action: DEMO_SKILL_SEEDED_ACTION, entityType: "skill", entityId: result.skill.id, after: { name: DEMO_SKILL_NAME, version: result.version.version } });
    return { seeded: true, skillId: result.skill.id, version: result.version.version };
  } catch (e) {
    // Another process seeding the same database got there first.
    if (isAppError(e) && e.kind === "conflict") return { seeded: false, reason: "exists" };
    throw e;
  }
}
