import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { ZRole, type TRole } from "../auth/roles";
import { generateToken, hashToken } from "../auth/tokens";
import { createUserWithPassword, findUserByEmail, ZEmail, ZName, ZPassword } from "../auth/users";

// Invitation links and the one-time setup link share one table: a random token whose hash is
// stored, a role, an expiry, and a single use. There is no mail server, so the link is shown to the
// admin who made it (or printed at start for setup) to pass on.

export const ZCreateInvitation = z.object({ email: ZEmail, role: ZRole });
export const ZAcceptInvitation = z.object({
  token: z.string().min(10).max(200),
  // Needed only when the link creates a new account.
  name: ZName.optional(),
  password: ZPassword.optional(),
  // Only for the setup link, which carries no email.
  email: ZEmail.optional(),
});

export type TInvitationView = { id: string; email: string | null; role: TRole; expiresAt: string; createdAt: string; acceptedAt: string | null; revokedAt: string | null };

const INVITE_DAYS = 7;

function view(i: { id: string; email: string | null; role: TRole; expiresAt: Date; createdAt: Date; acceptedAt: Date | null; revokedAt: Date | null }): TInvitationView {
  return { id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString(), acceptedAt: i.acceptedAt?.toISOString() ?? null, revokedAt: i.revokedAt?.toISOString() ?? null };
}

export async function listInvitations(workspaceId: string): Promise<TInvitationView[]> {
  const rows = await db().invitation.findMany({ where: { workspaceId, purpose: "invite" }, orderBy: { createdAt: "desc" }, take: 100 });
  return rows.map(view);
}

export async function createInvitation(workspaceId: string, principal: TPrincipal, input: z.infer<typeof ZCreateInvitation>): Promise<{ token: string; invitation: TInvitationView }> {
  const token = generateToken("inv");
  const row = await db().invitation.create({
    data: {
      workspaceId,
      email: input.email,
      role: input.role,
      purpose: "invite",
      tokenHash: hashToken(token),
      invitedById: principal.kind === "user" ? principal.userId : null,
      expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000),
    },
  });
  await recordAudit({ workspaceId, principal, action: "invitation.create", entityType: "invitation", entityId: row.id, after: { email: input.email, role: input.role } });
  return { token, invitation: view(row) };
}

export async function revokeInvitation(workspaceId: string, id: string, principal: TPrincipal): Promise<void> {
  const row = await db().invitation.findFirst({ where: { id, workspaceId, purpose: "invite" } });
  if (!row) throw notFound("invitation");
  await db().invitation.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit({ workspaceId, principal, action: "invitation.revoke", entityType: "invitation", entityId: id, before: { email: row.email, role: row.role } });
}

/** Creates the one-time link that lets the first person become admin of the default workspace. */
export async function createSetupLink(workspaceId: string, validHours = 24): Promise<string> {
  const token = generateToken("setup");
  await db().invitation.updateMany({ where: { purpose: "setup", acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  await db().invitation.create({
    data: { workspaceId, role: "admin", purpose: "setup", tokenHash: hashToken(token), expiresAt: new Date(Date.now() + validHours * 3_600_000) },
  });
  return token;
}

export async function describeInvitation(token: string): Promise<{ purpose: string; email: string | null; role: TRole; workspace: { slug: string; name: string }; userExists: boolean }> {
  const row = await usableInvitation(token);
  const userExists = row.email ? Boolean(await findUserByEmail(row.email)) : false;
  return { purpose: row.purpose, email: row.email, role: row.role, workspace: { slug: row.workspace.slug, name: row.workspace.name }, userExists };
}

async function usableInvitation(token: string) {
  const row = await db().invitation.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: true } });
  if (!row || row.revokedAt) throw new AppError("not_found:invitation", "This link is not valid. Ask an admin for a new one.");
  if (row.acceptedAt) throw new AppError("conflict:invitation", "This link has already been used. Sign in instead.");
  if (row.expiresAt < new Date()) throw new AppError("conflict:invitation", "This link has expired. Ask an admin for a new one.");
  return row;
}

/** Redeems an invitation or the setup link: creates the account when needed and the membership. */
export async function acceptInvitation(input: z.infer<typeof ZAcceptInvitation>): Promise<{ email: string; workspace: string; createdAccount: boolean }> {
  const row = await usableInvitation(input.token);
  const email = row.email ?? input.email;
  if (!email) throw new AppError("invalid_input:email", "Enter the email address you will sign in with.", { details: [{ path: "email", message: "Required." }] });
  // Claim the link first so that two concurrent redemptions cannot both succeed.
  const claimed = await db().invitation.updateMany({ where: { id: row.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
  if (claimed.count === 0) throw new AppError("conflict:invitation", "This link has already been used. Sign in instead.");
  try {
    let user = await findUserByEmail(email);
    const createdAccount = !user;
    if (!user) {
      if (!input.name || !input.password) {
        throw new AppError("invalid_input:new_user", "Enter your name and a password for the new account.", {
          details: [...(input.name ? [] : [{ path: "name", message: "Required." }]), ...(input.password ? [] : [{ path: "password", message: "Required." }])],
        });
      }
      user = await createUserWithPassword({ email, name: input.name, password: input.password });
    }
    await db().member.upsert({
      where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: user.id } },
      create: { workspaceId: row.workspaceId, userId: user.id, role: row.role },
      update: { role: row.role },
    });
    await recordAudit({
      workspaceId: row.workspaceId,
      principal: { kind: "user", userId: user.id, email, name: user.name },
      action: row.purpose === "setup" ? "setup.complete" : "invitation.accept",
      entityType: "invitation",
      entityId: row.id,
      after: { email, role: row.role },
    });
    return { email, workspace: row.workspace.slug, createdAccount };
  } catch (e) {
    await db().invitation.update({ where: { id: row.id }, data: { acceptedAt: null } });
    throw e;
  }
}
