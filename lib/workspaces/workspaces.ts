import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import type { TRole } from "../auth/roles";

export const ZWorkspaceSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, "Use 1–48 lowercase letters, digits and hyphens, not starting or ending with a hyphen.");

export const ZCreateWorkspace = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80),
  slug: ZWorkspaceSlug.optional(),
});

export type TWorkspaceSummary = { id: string; slug: string; name: string; role: TRole; isPublic: boolean };

export function slugify(name: string): string {
  const s = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48).replace(/-+$/, "");
  return s || "workspace";
}

export async function listWorkspacesForUser(userId: string): Promise<TWorkspaceSummary[]> {
  const members = await db().member.findMany({
    where: { userId },
    include: { workspace: true },
    orderBy: { workspace: { name: "asc" } },
  });
  return members.map((m) => ({ id: m.workspace.id, slug: m.workspace.slug, name: m.workspace.name, role: m.role, isPublic: m.workspace.isPublic }));
}

/** Creates a workspace with the creator as its admin. */
export async function createWorkspace(principal: TPrincipal, input: z.infer<typeof ZCreateWorkspace>): Promise<TWorkspaceSummary> {
  if (principal.kind !== "user") throw new AppError("forbidden:api_key", "API keys cannot create workspaces.");
  const slug = input.slug ?? slugify(input.name);
  const taken = await db().workspace.findUnique({ where: { slug }, select: { id: true } });
  if (taken) throw new AppError("conflict:workspace", `The workspace address "${slug}" is taken; choose another.`);
  const ws = await db().workspace.create({
    data: { slug, name: input.name, members: { create: { userId: principal.userId, role: "admin" } } },
  });
  await recordAudit({ workspaceId: ws.id, principal, action: "workspace.create", entityType: "workspace", entityId: ws.id, after: { slug, name: ws.name } });
  return { id: ws.id, slug: ws.slug, name: ws.name, role: "admin", isPublic: ws.isPublic };
}
