import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { ZRole, type TRole } from "../auth/roles";
import { createUserWithPassword, findUserByEmail, ZEmail, ZName, ZPassword } from "../auth/users";

export const ZAddMember = z.object({
  email: ZEmail,
  role: ZRole,
  // Needed only when no account exists for the email: the admin sets the first password.
  name: ZName.optional(),
  password: ZPassword.optional(),
});

export const ZUpdateMember = z.object({ role: ZRole });

export type TMemberView = { id: string; userId: string; email: string; name: string; role: TRole; createdAt: string };

function view(m: { id: string; userId: string; role: TRole; createdAt: Date; user: { email: string; name: string } }): TMemberView {
  return { id: m.id, userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() };
}

export async function listMembers(workspaceId: string): Promise<TMemberView[]> {
  const rows = await db().member.findMany({ where: { workspaceId }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return rows.map(view);
}

export async function addMember(workspaceId: string, principal: TPrincipal, input: z.infer<typeof ZAddMember>): Promise<TMemberView> {
  let user = await findUserByEmail(input.email);
  if (!user) {
    if (!input.name || !input.password) {
      throw new AppError("invalid_input:new_user", `No account exists for ${input.email}. Give a name and a first password to create one, or send an invitation link instead.`, {
        details: [{ path: "password", message: "Required to create a new account." }],
      });
    }
    user = await createUserWithPassword({ email: input.email, name: input.name, password: input.password });
  }
  const existing = await db().member.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.id } } });
  if (existing) throw new AppError("conflict:member", `${input.email} is already a member (${existing.role}).`);
  const member = await db().member.create({ data: { workspaceId, userId: user.id, role: input.role }, include: { user: true } });
  await recordAudit({ workspaceId, principal, action: "member.add", entityType: "member", entityId: member.id, after: { email: input.email, role: input.role } });
  return view(member);
}

type TTx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/**
 * Inside the caller's transaction: locks the workspace's admin rows, so two admins demoting each
 * other at the same moment cannot both succeed and leave the workspace without one.
 */
async function assertNotLastAdmin(tx: TTx, workspaceId: string, memberId: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "members" WHERE "workspaceId" = ${workspaceId} AND "role" = 'admin' FOR UPDATE`;
  if (admins.length === 1 && admins[0].id === memberId) {
    throw new AppError("conflict:last_admin", "A workspace needs at least one admin. Make someone else admin first.");
  }
}

export async function updateMemberRole(workspaceId: string, memberId: string, principal: TPrincipal, role: TRole): Promise<TMemberView> {
  const before = await db().member.findFirst({ where: { id: memberId, workspaceId }, include: { user: true } });
  if (!before) throw notFound("member");
  const after = await db().$transaction(async (tx) => {
    if (before.role === "admin" && role !== "admin") await assertNotLastAdmin(tx, workspaceId, memberId);
    return tx.member.update({ where: { id: memberId }, data: { role }, include: { user: true } });
  });
  await recordAudit({ workspaceId, principal, action: "member.role", entityType: "member", entityId: memberId, before: { email: before.user.email, role: before.role }, after: { email: after.user.email, role } });
  return view(after);
}

export async function removeMember(workspaceId: string, memberId: string, principal: TPrincipal): Promise<void> {
  const before = await db().member.findFirst({ where: { id: memberId, workspaceId }, include: { user: true } });
  if (!before) throw notFound("member");
  await db().$transaction(async (tx) => {
    if (before.role === "admin") await assertNotLastAdmin(tx, workspaceId, memberId);
    await tx.member.delete({ where: { id: memberId } });
  });
  await recordAudit({ workspaceId, principal, action: "member.remove", entityType: "member", entityId: memberId, before: { email: before.user.email, role: before.role } });
}
