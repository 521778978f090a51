import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { hashToken } from "../auth/tokens";
import { acceptInvitation, createInvitation, createSetupLink, describeInvitation, listInvitations, revokeInvitation } from "./invitations";
import { createTestUser, createTestWorkspace } from "../testing/builders";
import { randomEmail } from "../testing/ids";
import { expectAppError } from "../testing/expect-error";
import { auditTrail } from "../testing/audit";
import { signIn } from "../testing/http";

async function invite(role: "viewer" | "curator" = "curator") {
  const ws = await createTestWorkspace();
  const admin = await createTestUser({ workspace: ws, role: "admin", password: false });
  const email = randomEmail("invitee");
  const { token, invitation } = await createInvitation(ws.id, admin.principal, { email, role });
  return { ws, admin, email, token, invitation };
}

describe("invitations", () => {
  it("stores only the token's hash", async () => {
    const { token, invitation } = await invite();
    const row = await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("creates the account and membership once; the link cannot be used again", async () => {
    const { ws, email, token } = await invite("curator");
    expect(await describeInvitation(token)).toMatchObject({ purpose: "invite", email, role: "curator", workspace: { slug: ws.slug }, userExists: false });

    const accepted = await acceptInvitation({ token, name: "Invited Person", password: "invited-password" });
    expect(accepted).toEqual({ email, workspace: ws.slug, createdAccount: true });
    const member = await db().member.findFirstOrThrow({ where: { workspaceId: ws.id, user: { email } } });
    expect(member.role).toBe("curator");
    // The new account signs in with the password chosen on the link.
    await expect(signIn(email, "invited-password")).resolves.toContain("=");

    await expectAppError(acceptInvitation({ token, name: "Again", password: "invited-password" }), "conflict:invitation");
    await expectAppError(describeInvitation(token), "conflict:invitation");
    expect((await auditTrail(ws.id)).map((e) => e.action)).toEqual(["invitation.create", "invitation.accept"]);
  });

  it("adds an existing account without creating another", async () => {
    const ws = await createTestWorkspace();
    const admin = await createTestUser({ workspace: ws, role: "admin", password: false });
    const existing = await createTestUser({ password: false });
    const { token } = await createInvitation(ws.id, admin.principal, { email: existing.email, role: "viewer" });
    expect((await describeInvitation(token)).userExists).toBe(true);
    expect(await acceptInvitation({ token, name: "Ignored", password: "ignored-password" })).toMatchObject({ createdAccount: false });
    expect(await db().user.count({ where: { email: existing.email } })).toBe(1);
  });

  it("rejects revoked, expired and unknown links", async () => {
    const revoked = await invite();
    await revokeInvitation(revoked.ws.id, revoked.invitation.id, revoked.admin.principal);
    await expectAppError(acceptInvitation({ token: revoked.token, name: "X", password: "some-password" }), "not_found:invitation");
    expect((await listInvitations(revoked.ws.id))[0].revokedAt).not.toBeNull();

    const expired = await invite();
    await db().invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(acceptInvitation({ token: expired.token, name: "X", password: "some-password" }), "conflict:invitation");

    await expectAppError(describeInvitation("inv_not-a-real-token"), "not_found:invitation");
  });

  it("releases the link when accepting fails, so it can be retried", async () => {
    const { token, invitation } = await invite();
    // A too-short password fails after the link was claimed; the claim must be undone.
    await expect(acceptInvitation({ token, name: "Invited", password: "short" })).rejects.toThrow();
    expect((await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
    await expect(acceptInvitation({ token, name: "Invited", password: "long-enough" })).resolves.toMatchObject({ createdAccount: true });
  });
});

describe("the setup link", () => {
  it("makes its redeemer an admin, once, and a newer link voids the older one", async () => {
    const ws = await createTestWorkspace();
    const older = await createSetupLink(ws.id);
    const token = await createSetupLink(ws.id);
    await expectAppError(describeInvitation(older), "not_found:invitation");
    expect(await describeInvitation(token)).toMatchObject({ purpose: "setup", email: null, role: "admin" });

    await expectAppError(acceptInvitation({ token, name: "First Admin", password: "first-admin-pw" }), "invalid_input:email");
    const email = randomEmail("admin");
    expect(await acceptInvitation({ token, name: "First Admin", password: "first-admin-pw", email })).toMatchObject({ email, createdAccount: true });
    expect((await db().member.findFirstOrThrow({ where: { workspaceId: ws.id, user: { email } } })).role).toBe("admin");
    await expectAppError(acceptInvitation({ token, name: "Second", password: "second-admin-pw", email: randomEmail() }), "conflict:invitation");
    expect((await auditTrail(ws.id)).map((e) => e.action)).toContain("setup.complete");
  });
});
