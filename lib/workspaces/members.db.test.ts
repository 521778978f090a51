import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { addMember, listMembers, removeMember, updateMemberRole } from "./members";
import { createTestUser, createTestWorkspace } from "../testing/builders";
import { randomEmail } from "../testing/ids";
import { expectAppError } from "../testing/expect-error";
import { auditTrail } from "../testing/audit";

async function workspaceWithAdmin() {
  const ws = await createTestWorkspace();
  const admin = await createTestUser({ workspace: ws, role: "admin", password: false });
  return { ws, admin };
}

describe("the last-admin guard", () => {
  it("refuses to demote or remove the only admin", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const err = await expectAppError(updateMemberRole(ws.id, admin.memberId!, admin.principal, "publisher"), "conflict:last_admin");
    expect(err.status).toBe(409);
    await expectAppError(removeMember(ws.id, admin.memberId!, admin.principal), "conflict:last_admin");
    expect((await db().member.findUniqueOrThrow({ where: { id: admin.memberId! } })).role).toBe("admin");
  });

  it("lets an admin step down once another admin exists", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    await createTestUser({ workspace: ws, role: "admin", password: false });
    expect((await updateMemberRole(ws.id, admin.memberId!, admin.principal, "viewer")).role).toBe("viewer");
  });

  it("does not count admins of other workspaces", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const elsewhere = await createTestWorkspace();
    await createTestUser({ workspace: elsewhere, role: "admin", password: false });
    await expectAppError(removeMember(ws.id, admin.memberId!, admin.principal), "conflict:last_admin");
  });
});

describe("members", () => {
  it("adds an existing account, refuses a duplicate, and audits role changes", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const someone = await createTestUser({ password: false });
    const member = await addMember(ws.id, admin.principal, { email: someone.email, role: "curator" });
    expect(member).toMatchObject({ userId: someone.id, role: "curator" });
    await expectAppError(addMember(ws.id, admin.principal, { email: someone.email, role: "viewer" }), "conflict:member");
    await updateMemberRole(ws.id, member.id, admin.principal, "publisher");
    await removeMember(ws.id, member.id, admin.principal);

    const trail = (await auditTrail(ws.id)).filter((e) => e.entityId === member.id);
    expect(trail.map((e) => e.action)).toEqual(["member.add", "member.role", "member.remove"]);
    expect(trail[1]).toMatchObject({ actorKind: "user", actorLabel: admin.email, before: { role: "curator" }, after: { role: "publisher" } });
    expect((await listMembers(ws.id)).map((m) => m.userId)).toEqual([admin.id]);
  });

  it("needs a name and password to create an account for an unknown email", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const email = randomEmail();
    await expectAppError(addMember(ws.id, admin.principal, { email, role: "viewer" }), "invalid_input:new_user");
    const created = await addMember(ws.id, admin.principal, { email, role: "viewer", name: "New Person", password: "a-long-password" });
    expect(created).toMatchObject({ email, name: "New Person", role: "viewer" });
  });

  it("cannot change a member of another workspace through this one", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const other = await createTestWorkspace();
    const stranger = await createTestUser({ workspace: other, role: "viewer", password: false });
    await expectAppError(updateMemberRole(ws.id, stranger.memberId!, admin.principal, "admin"), "not_found:member");
    await expectAppError(removeMember(ws.id, stranger.memberId!, admin.principal), "not_found:member");
  });
});
