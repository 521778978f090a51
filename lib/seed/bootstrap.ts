import { db } from "../db/client";
import { baseUrl, env } from "../env";
import { recordAudit } from "../audit";
import { createUserWithPassword, findUserByEmail } from "../auth/users";
import { createSetupLink } from "../workspaces/invitations";
import { seedDemoPool, type TDemoSeed } from "./seed-demo-pool";
import { seedDemoSkill } from "./seed-demo-skill";
import { seedDemoRun } from "./seed-demo-run";

// First start: a default workspace, the first admin (from T2S_ADMIN_EMAIL / T2S_ADMIN_PASSWORD,
// or a one-time setup link) and the generated demo pool (T2S_SEED_DEMO). Every step is idempotent,
// so each start runs it.

export const DEFAULT_WORKSPACE = { slug: "demo", name: "Demo workspace" };

export type TAdminBootstrap =
  | { mode: "env"; email: string; created: boolean }
  | { mode: "setup"; url: string }
  | { mode: "exists"; emails: string[] };

export async function ensureDefaultWorkspace(): Promise<{ id: string; slug: string; created: boolean }> {
  const existing = await db().workspace.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true, slug: true } });
  if (existing) return { ...existing, created: false };
  const ws = await db().workspace.create({ data: DEFAULT_WORKSPACE });
  await recordAudit({ workspaceId: ws.id, principal: undefined, action: "workspace.create", entityType: "workspace", entityId: ws.id, after: DEFAULT_WORKSPACE });
  return { id: ws.id, slug: ws.slug, created: true };
}

export async function ensureAdmin(workspaceId: string): Promise<TAdminBootstrap> {
  const e = env();
  if (e.T2S_ADMIN_EMAIL && e.T2S_ADMIN_PASSWORD) {
    let user = await findUserByEmail(e.T2S_ADMIN_EMAIL);
    const created = !user;
    // An existing account keeps its password: the variables bootstrap an admin, they do not reset one.
    if (!user) user = (await createUserWithPassword({ email: e.T2S_ADMIN_EMAIL, name: e.T2S_ADMIN_NAME, password: e.T2S_ADMIN_PASSWORD }));
    await db().member.upsert({
      where: { workspaceId_userId: { workspaceId, userId: user.id } },
      create: { workspaceId, userId: user.id, role: "admin" },
      update: { role: "admin" },
    });
    if (created) await recordAudit({ workspaceId, principal: undefined, action: "admin.bootstrap", entityType: "user", entityId: user.id, after: { email: user.email } });
    return { mode: "env", email: user.email, created };
  }
  const admins = await db().member.findMany({ where: { role: "admin" }, include: { user: { select: { email: true } } }, take: 3 });
  if (admins.length > 0) return { mode: "exists", emails: [...new Set(admins.map((a) => a.user.email))] };
  const token = await createSetupLink(workspaceId);
  return { mode: "setup", url: `${baseUrl(e)}/setup?token=${encodeURIComponent(token)}` };
}

export async function bootstrap(): Promise<{ workspace: string; admin: TAdminBootstrap; demo: TDemoSeed }> {
  const ws = await ensureDefaultWorkspace();
  const admin = await ensureAdmin(ws.id);
  // Imported here, not by the worker, so the pool is complete when the launcher prints its banner.
  const demo: TDemoSeed = env().T2S_SEED_DEMO ? await seedDemoPool(ws.id) : { seeded: false, reason: "disabled" };
  // The base skill a demo distillation run deepens (version 1.0.0 of spreadsheet-basics).
  if (env().T2S_SEED_DEMO) await seedDemoSkill(ws.id);
  // A finished rule-based run over the two, so lessons and a proposal are there on first sign-in.
  if (env().T2S_SEED_DEMO) await seedDemoRun(ws.id);
  return { workspace: ws.slug, admin, demo };
}
