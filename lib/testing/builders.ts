import { db } from "../db/client";
import type { TPrincipal } from "../auth/principal";
import type { TRole } from "../auth/roles";
import { createUserWithPassword, type TUserRef } from "../auth/users";
import { createApiKey, revokeApiKey } from "../workspaces/api-keys";
import { randomEmail, randomId, randomSlug } from "./ids";

// Builders for the rows most tests need. They go through lib where a behaviour matters (password
// hashing, key hashing) and straight to Prisma where it does not, to keep tests fast.

export const TEST_PASSWORD = "correct-horse-battery-staple";

export type TTestWorkspace = { id: string; slug: string; name: string };
export type TTestUser = TUserRef & { password: string | null; memberId: string | null; principal: TPrincipal };

export async function createTestWorkspace(opts: { name?: string; slug?: string; isPublic?: boolean } = {}): Promise<TTestWorkspace> {
  const slug = opts.slug ?? randomSlug();
  const ws = await db().workspace.create({ data: { slug, name: opts.name ?? `Workspace ${slug}`, isPublic: opts.isPublic ?? false } });
  return { id: ws.id, slug: ws.slug, name: ws.name };
}

/**
 * A user, optionally a member of `workspace` with `role`. `password: false` skips the credential
 * (and its deliberately slow hash) for users that never sign in.
 */
export async function createTestUser(opts: { role?: TRole; workspace?: { id: string }; email?: string; name?: string; password?: string | false } = {}): Promise<TTestUser> {
  const email = opts.email ?? randomEmail();
  const name = opts.name ?? `Test ${email.split("@")[0]}`;
  const password = opts.password === false ? null : (opts.password ?? TEST_PASSWORD);
  const user = password
    ? await createUserWithPassword({ email, name, password })
    : await db().user.create({ data: { id: randomId("usr"), email, name, emailVerified: true }, select: { id: true, email: true, name: true } });
  let memberId: string | null = null;
  if (opts.workspace) {
    const member = await db().member.create({ data: { workspaceId: opts.workspace.id, userId: user.id, role: opts.role ?? "viewer" } });
    memberId = member.id;
  }
  return { ...user, password, memberId, principal: { kind: "user", userId: user.id, email: user.email, name: user.name } };
}

/** A principal that stands for test setup itself in audit rows, without needing a user row. */
export function setupPrincipal(workspace: { id: string }): TPrincipal {
  return { kind: "api_key", keyId: "test-setup", workspaceId: workspace.id, role: "admin", name: "test setup" };
}

export async function createTestApiKey(opts: { workspace: { id: string }; role: TRole; revoked?: boolean; by?: TPrincipal }): Promise<{ id: string; key: string }> {
  const by = opts.by ?? setupPrincipal(opts.workspace);
  const { key, apiKey } = await createApiKey(opts.workspace.id, by, "admin", { name: randomId("key"), role: opts.role });
  if (opts.revoked) await revokeApiKey(opts.workspace.id, apiKey.id, by);
  return { id: apiKey.id, key };
}

export async function createTestPool(opts: { workspace: { id: string }; name?: string }): Promise<{ id: string; name: string }> {
  return db().pool.create({ data: { workspaceId: opts.workspace.id, name: opts.name ?? randomId("pool") }, select: { id: true, name: true } });
}

export async function createTestTrajectory(opts: { pool: { id: string }; contentHash?: string; outcome?: "success" | "failure" | "unknown" }): Promise<{ id: string; contentHash: string }> {
  return db().trajectory.create({
    data: { poolId: opts.pool.id, externalId: randomId("traj"), format: "test", outcome: opts.outcome ?? "unknown", contentHash: opts.contentHash ?? randomId("hash") },
    select: { id: true, contentHash: true },
  });
}
