import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { recordAudit } from "../audit";
import { API_KEY_PREFIX, forgetRegistryKeys, type TPrincipal } from "../auth/principal";
import { hasRole, ZRole, type TRole } from "../auth/roles";
import { generateToken, hashToken } from "../auth/tokens";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it, e.g. ci-pull.").max(80),
  role: ZRole,
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});

export type TApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  role: TRole;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

type TRow = { id: string; name: string; prefix: string; role: TRole; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null; createdBy: { email: string } | null };

function view(k: TRow): TApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: k.role,
    createdBy: k.createdBy?.email ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    expiresAt: k.expiresAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(workspaceId: string): Promise<TApiKeyView[]> {
  const rows = await db().apiKey.findMany({ where: { workspaceId }, include: { createdBy: { select: { email: true } } }, orderBy: { createdAt: "desc" } });
  return rows.map(view);
}

/** Creates a key; the returned `key` is the only time the secret is ever shown. */
export async function createApiKey(workspaceId: string, principal: TPrincipal, callerRole: TRole, input: z.infer<typeof ZCreateApiKey>): Promise<{ key: string; apiKey: TApiKeyView }> {
  if (!hasRole(callerRole, input.role)) throw new AppError("forbidden:role", "You cannot create a key with a higher role than your own.");
  const key = generateToken(API_KEY_PREFIX);
  const row = await db().apiKey.create({
    data: {
      workspaceId,
      name: input.name,
      role: input.role,
      prefix: key.slice(0, API_KEY_PREFIX.length + 7),
      keyHash: hashToken(key),
      createdById: principal.kind === "user" ? principal.userId : null,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    },
    include: { createdBy: { select: { email: true } } },
  });
  await recordAudit({ workspaceId, principal, action: "api_key.create", entityType: "api_key", entityId: row.id, after: { name: row.name, role: row.role, prefix: row.prefix } });
  return { key, apiKey: view(row) };
}

export async function revokeApiKey(workspaceId: string, keyId: string, principal: TPrincipal): Promise<TApiKeyView> {
  const row = await db().apiKey.findFirst({ where: { id: keyId, workspaceId } });
  if (!row) throw notFound("api_key", "API key");
  if (row.revokedAt) throw new AppError("conflict:api_key", "This key is already revoked.");
  const updated = await db().apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, include: { createdBy: { select: { email: true } } } });
  forgetRegistryKeys();
  await recordAudit({ workspaceId, principal, action: "api_key.revoke", entityType: "api_key", entityId: keyId, before: { name: row.name, role: row.role } });
  return view(updated);
}
