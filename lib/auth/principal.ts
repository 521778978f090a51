import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { auth } from "./auth";
import { hasRole, type TRole } from "./roles";
import { processWide, TtlCache } from "../ttl-cache";
import { hashToken } from "./tokens";

// Who is calling: a signed-in person (session cookie) or a machine (API key in
// `Authorization: Bearer t2s_…` or `X-API-Key`). API keys belong to one workspace with one role.

export type TPrincipal =
  | { kind: "user"; userId: string; email: string; name: string }
  | { kind: "api_key"; keyId: string; workspaceId: string; role: TRole; name: string };

export type TWorkspaceAccess = {
  workspace: { id: string; slug: string; name: string; isPublic: boolean };
  role: TRole;
};

export const API_KEY_PREFIX = "t2s";

/** Read access to request headers: a Web `Headers`, or node:http's headers behind the same `get`. */
export type THeaderLookup = { get(name: string): string | null };

function bearerToken(headers: THeaderLookup): string | undefined {
  const authz = headers.get("authorization");
  if (authz?.toLowerCase().startsWith("bearer ")) return authz.slice(7).trim();
  return headers.get("x-api-key")?.trim() || undefined;
}

export async function principalFromHeaders(headers: Headers): Promise<TPrincipal | undefined> {
  const token = bearerToken(headers);
  if (token) return principalFromApiKey(token);
  const session = await auth().api.getSession({ headers });
  if (!session) return undefined;
  return { kind: "user", userId: session.user.id, email: session.user.email, name: session.user.name };
}

async function principalFromApiKey(token: string): Promise<TPrincipal> {
  const key = await db().apiKey.findUnique({ where: { keyHash: hashToken(token) } });
  const now = new Date();
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt < now)) {
    throw new AppError("unauthenticated:api_key", "The API key is not valid: it may have been revoked or expired.");
  }
  // Last use is informative only; at most one write a minute per key keeps reads cheap.
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
    await db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { kind: "api_key", keyId: key.id, workspaceId: key.workspaceId, role: key.role, name: key.name };
}

export function actorOf(p: TPrincipal | undefined): { actorKind: "user" | "api_key" | "system"; actorId: string | null; actorLabel: string } {
  if (!p) return { actorKind: "system", actorId: null, actorLabel: "system" };
  if (p.kind === "user") return { actorKind: "user", actorId: p.userId, actorLabel: p.email };
  return { actorKind: "api_key", actorId: p.keyId, actorLabel: `API key ${p.name}` };
}

/** The caller's role in a workspace, or a 403/404 AppError. */
export async function resolveWorkspaceAccess(principal: TPrincipal, slug: string, needed: TRole): Promise<TWorkspaceAccess> {
  const workspace = await db().workspace.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, isPublic: true },
  });
  if (!workspace) throw notFound("workspace");
  let role: TRole | undefined;
  if (principal.kind === "api_key") {
    if (principal.workspaceId !== workspace.id) {
      throw new AppError("forbidden:workspace", "This API key belongs to another workspace.");
    }
    role = principal.role;
  } else {
    const member = await db().member.findUnique({
      where: { workspaceId_userId: { workspaceId: workspace.id, userId: principal.userId } },
      select: { role: true },
    });
    if (!member) throw new AppError("forbidden:workspace", "You are not a member of this workspace.");
    role = member.role;
  }
  if (!hasRole(role, needed)) {
    throw new AppError("forbidden:role", `This needs the ${needed} role in ${workspace.name}; you have ${role}.`, {
      details: { needed, actual: role },
    });
  }
  return { workspace, role };
}

// Pulls are hot and PGlite runs one query at a time, so the registry keeps what it looked up for a
// few seconds: a key revoked or a workspace made private through another process stops pulls within
// REGISTRY_CACHE_MS; a revocation in this process clears the keys at once (forgetRegistryKeys).
const REGISTRY_CACHE_MS = 5_000;
const registryKeys = processWide("registry.keys", () => new TtlCache<TPrincipal>(REGISTRY_CACHE_MS));
const registryWorkspaces = processWide("registry.workspaces", () => new TtlCache<TWorkspaceAccess["workspace"] | null>(REGISTRY_CACHE_MS));
// Invalid keys are remembered too, apart and fewer, so a client retrying a bad key (or sending random
// ones) costs no query each time and cannot push the valid keys out. A key is random and secret, so
// one that is invalid now can only become valid by being created — and no one sends it before that.
const invalidRegistryKeys = processWide("registry.invalidKeys", () => new TtlCache<AppError>(REGISTRY_CACHE_MS, 1_000));

export function forgetRegistryKeys(): void {
  registryKeys.clear();
}

/**
 * principalFromHeaders for registry reads, with API keys' verdicts remembered briefly (a failure
 * to look one up never). Only the key headers and the cookie are read, so node:http's headers serve as they are.
 */
export async function registryPrincipalFromHeaders(headers: THeaderLookup): Promise<TPrincipal | undefined> {
  const token = bearerToken(headers);
  if (!token) {
    const cookie = headers.get("cookie");
    return cookie ? principalFromHeaders(new Headers({ cookie })) : undefined;
  }
  const hash = hashToken(token);
  const hit = registryKeys.get(hash);
  if (hit) return hit;
  const refused = invalidRegistryKeys.get(hash);
  if (refused) throw refused;
  try {
    return registryKeys.set(hash, await principalFromApiKey(token));
  } catch (e) {
    // Only the key's own verdict is kept: a database that failed to answer is asked again next time.
    if (e instanceof AppError && e.code === "unauthenticated:api_key") invalidRegistryKeys.set(hash, e);
    throw e;
  }
}

/** Read access to a workspace's published skills: anyone for a public workspace, else a viewer.
 * An API key is checked against the workspace without another query. */
export async function resolveRegistryAccess(principal: TPrincipal | undefined, slug: string): Promise<TWorkspaceAccess> {
  const workspace = registryWorkspaces.get(slug) ?? registryWorkspaces.set(slug, await db().workspace.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, isPublic: true } }));
  if (!workspace) throw notFound("workspace");
  if (workspace.isPublic) return { workspace, role: principal?.kind === "api_key" && principal.workspaceId === workspace.id ? principal.role : "viewer" };
  if (!principal) throw new AppError("unauthenticated", "This workspace is private: send an API key of it as `Authorization: Bearer <key>`.");
  if (principal.kind === "api_key") {
    if (principal.workspaceId !== workspace.id) throw new AppError("forbidden:workspace", "This API key belongs to another workspace.");
    return { workspace, role: principal.role };
  }
  return resolveWorkspaceAccess(principal, slug, "viewer");
}
