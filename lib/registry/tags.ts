import semver from "semver";
import { z } from "zod";
import type { TPrincipal, TWorkspaceAccess } from "../auth/principal";
import { hasRole } from "../auth/roles";
import { recordAudit } from "../audit";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { forgetResolvedVersions } from "./pull";
import { findSkill, resolveVersion } from "./skills-store";

// Dist-tags are movable pointers to immutable versions (npm dist-tags, Langfuse labels). A publisher
// creates and moves tags; a protected tag (e.g. production) is moved or deleted only by an admin, and
// that is enforced here rather than in the UI. `latest` follows every new version and is never deleted.
// Deprecation is the one change a version row accepts: a message pulls of it warn with.

export const LATEST_TAG = "latest";

/** Like npm: a tag is a short lowercase word and never looks like a version (so `name@1.2.0` is unambiguous). */
export const ZTagName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, "A tag is 1–32 characters: lowercase letters, digits and hyphens, starting with a letter.")
  .refine((t) => !semver.valid(t) && semver.validRange(t) === null, "A tag must not look like a version or a range.");

export const ZSetTag = z.object({ version: z.string().min(1).max(128) });
export const ZTagProtection = z.object({ protected: z.boolean() });
export const ZDeprecate = z.object({ message: z.string().trim().min(1, "Say why, and what to use instead.").max(1000) });

export type TTagView = { name: string; version: string; protected: boolean; updatedAt: string };

const userIdOf = (p: TPrincipal | undefined) => (p?.kind === "user" ? p.userId : null);

function refuseUnlessAdmin(access: TWorkspaceAccess, tag: string, what: string): void {
  if (!hasRole(access.role, "admin")) {
    throw new AppError("forbidden:protected_tag", `The tag "${tag}" is protected: only an admin can ${what} it.`, { details: { tag, needed: "admin", actual: access.role } });
  }
}

export async function listTags(workspaceId: string, skillName: string): Promise<TTagView[]> {
  const skill = await findSkill(workspaceId, skillName);
  const tags = await db().distTag.findMany({ where: { skillId: skill.id }, include: { version: { select: { version: true } } }, orderBy: { name: "asc" } });
  return tags.map((t) => ({ name: t.name, version: t.version.version, protected: t.protected, updatedAt: t.updatedAt.toISOString() }));
}

/** Creates the tag or moves it to `version` (a number or another tag's name). */
export async function setTag(access: TWorkspaceAccess, principal: TPrincipal | undefined, skillName: string, tag: string, input: z.infer<typeof ZSetTag>): Promise<TTagView> {
  const skill = await findSkill(access.workspace.id, skillName);
  const target = await resolveVersion(skill, input.version);
  const existing = await db().distTag.findUnique({ where: { skillId_name: { skillId: skill.id, name: tag } }, include: { version: { select: { version: true } } } });
  if (existing?.protected) refuseUnlessAdmin(access, tag, "move");
  const saved = await db().$transaction(async (tx) => {
    const row = await tx.distTag.upsert({
      where: { skillId_name: { skillId: skill.id, name: tag } },
      create: { skillId: skill.id, name: tag, versionId: target.id, updatedById: userIdOf(principal) },
      update: { versionId: target.id, updatedById: userIdOf(principal) },
    });
    await recordAudit({ workspaceId: access.workspace.id, principal, action: existing ? "skill.tag.move" : "skill.tag.create", entityType: "dist_tag", entityId: row.id, before: existing ? { tag, version: existing.version.version } : undefined, after: { skill: skill.name, tag, version: target.version } }, tx);
    return row;
  });
  forgetResolvedVersions();
  return { name: tag, version: target.version, protected: saved.protected, updatedAt: saved.updatedAt.toISOString() };
}

/** Admins only (the route says so): protect or unprotect an existing tag. */
export async function setTagProtection(access: TWorkspaceAccess, principal: TPrincipal | undefined, skillName: string, tag: string, input: z.infer<typeof ZTagProtection>): Promise<TTagView> {
  const skill = await findSkill(access.workspace.id, skillName);
  const existing = await db().distTag.findUnique({ where: { skillId_name: { skillId: skill.id, name: tag } } });
  if (!existing) throw notFound("tag", `tag "${tag}" of ${skill.name}`);
  const saved = await db().$transaction(async (tx) => {
    const row = await tx.distTag.update({ where: { id: existing.id }, data: { protected: input.protected, updatedById: userIdOf(principal) }, include: { version: { select: { version: true } } } });
    await recordAudit({ workspaceId: access.workspace.id, principal, action: input.protected ? "skill.tag.protect" : "skill.tag.unprotect", entityType: "dist_tag", entityId: row.id, before: { protected: existing.protected }, after: { skill: skill.name, tag, protected: input.protected } }, tx);
    return row;
  });
  forgetResolvedVersions();
  return { name: tag, version: saved.version.version, protected: saved.protected, updatedAt: saved.updatedAt.toISOString() };
}

export async function deleteTag(access: TWorkspaceAccess, principal: TPrincipal | undefined, skillName: string, tag: string): Promise<void> {
  if (tag === LATEST_TAG) throw new AppError("invalid_input:latest_tag", "The latest tag cannot be deleted: it always points at the newest version.");
  const skill = await findSkill(access.workspace.id, skillName);
  const existing = await db().distTag.findUnique({ where: { skillId_name: { skillId: skill.id, name: tag } }, include: { version: { select: { version: true } } } });
  if (!existing) throw notFound("tag", `tag "${tag}" of ${skill.name}`);
  if (existing.protected) refuseUnlessAdmin(access, tag, "delete");
  await db().$transaction(async (tx) => {
    await tx.distTag.delete({ where: { id: existing.id } });
    await recordAudit({ workspaceId: access.workspace.id, principal, action: "skill.tag.delete", entityType: "dist_tag", entityId: existing.id, before: { skill: skill.name, tag, version: existing.version.version, protected: existing.protected } }, tx);
  });
  forgetResolvedVersions();
}

/** Sets (message) or clears (null) a version's deprecation; pulls of a deprecated version warn. */
export async function setDeprecation(access: TWorkspaceAccess, principal: TPrincipal | undefined, skillName: string, ref: string, message: string | null): Promise<{ version: string; deprecatedMessage: string | null }> {
  const skill = await findSkill(access.workspace.id, skillName);
  const target = await resolveVersion(skill, ref);
  const before = await db().skillVersion.findUniqueOrThrow({ where: { id: target.id }, select: { deprecatedMessage: true } });
  await db().$transaction(async (tx) => {
    await tx.skillVersion.update({ where: { id: target.id }, data: { deprecatedMessage: message } });
    await recordAudit({ workspaceId: access.workspace.id, principal, action: message ? "skill.version.deprecate" : "skill.version.undeprecate", entityType: "skill_version", entityId: target.id, before: { deprecatedMessage: before.deprecatedMessage }, after: { skill: skill.name, version: target.version, deprecatedMessage: message } }, tx);
  });
  forgetResolvedVersions();
  return { version: target.version, deprecatedMessage: message };
}
