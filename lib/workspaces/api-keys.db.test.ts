import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { hashToken } from "../auth/tokens";
import { principalFromHeaders } from "../auth/principal";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import { createTestUser, createTestWorkspace } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { auditTrail } from "../testing/audit";

async function workspaceWithAdmin() {
  const ws = await createTestWorkspace();
  const admin = await createTestUser({ workspace: ws, role: "admin", password: false });
  return { ws, admin };
}

const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });

describe("API keys", () => {
  it("shows the secret once and stores only its hash", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const { key, apiKey } = await createApiKey(ws.id, admin.principal, "admin", { name: "ci-pull", role: "viewer" });
    expect(key).toMatch(/^t2s_[A-Za-z0-9_-]{40,}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey).toMatchObject({ name: "ci-pull", role: "viewer", createdBy: admin.email, revokedAt: null });

    const row = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.keyHash).toBe(hashToken(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(JSON.stringify(await listApiKeys(ws.id))).not.toContain(key);
  });

  it("authenticates as its workspace and role, by Bearer or X-API-Key", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const { key, apiKey } = await createApiKey(ws.id, admin.principal, "admin", { name: "bot", role: "curator" });
    const expected = { kind: "api_key", keyId: apiKey.id, workspaceId: ws.id, role: "curator" };
    expect(await principalFromHeaders(bearer(key))).toMatchObject(expected);
    expect(await principalFromHeaders(new Headers({ "x-api-key": key }))).toMatchObject(expected);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();
  });

  it("rejects revoked, expired and unknown keys", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const revoked = await createApiKey(ws.id, admin.principal, "admin", { name: "old", role: "viewer" });
    expect((await revokeApiKey(ws.id, revoked.apiKey.id, admin.principal)).revokedAt).not.toBeNull();
    const err = await expectAppError(principalFromHeaders(bearer(revoked.key)), "unauthenticated:api_key");
    expect(err.status).toBe(401);
    await expectAppError(revokeApiKey(ws.id, revoked.apiKey.id, admin.principal), "conflict:api_key");

    const expired = await createApiKey(ws.id, admin.principal, "admin", { name: "expired", role: "viewer", expiresInDays: 1 });
    await db().apiKey.update({ where: { id: expired.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(principalFromHeaders(bearer(expired.key)), "unauthenticated:api_key");

    await expectAppError(principalFromHeaders(bearer("t2s_not-a-key")), "unauthenticated:api_key");
  });

  it("cannot outrank its creator, nor be revoked from another workspace", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    await expectAppError(createApiKey(ws.id, admin.principal, "curator", { name: "escalate", role: "admin" }), "forbidden:role");
    const { apiKey } = await createApiKey(ws.id, admin.principal, "admin", { name: "mine", role: "viewer" });
    const other = await workspaceWithAdmin();
    await expectAppError(revokeApiKey(other.ws.id, apiKey.id, other.admin.principal), "not_found:api_key");
  });

  it("records creation and revocation in the audit log, without the secret", async () => {
    const { ws, admin } = await workspaceWithAdmin();
    const { key, apiKey } = await createApiKey(ws.id, admin.principal, "admin", { name: "audited", role: "publisher" });
    await revokeApiKey(ws.id, apiKey.id, admin.principal);
    const trail = await auditTrail(ws.id);
    expect(trail.map((e) => [e.action, e.entityId])).toEqual([
      ["api_key.create", apiKey.id],
      ["api_key.revoke", apiKey.id],
    ]);
    expect(trail[0]).toMatchObject({ actorKind: "user", actorLabel: admin.email, after: { name: "audited", role: "publisher" } });
    expect(JSON.stringify(trail)).not.toContain(key);
  });
});
