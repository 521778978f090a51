import type { TPrincipal } from "../auth/principal";
import { recordAudit } from "../audit";
import { db } from "../db/client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import type { TLintFinding } from "../skills/lint";
import type { TSkillFiles } from "../skills/patch";
import { forgetResolvedVersions } from "./pull";
import { fileSha256s, type TSkillBinaries } from "./skill-content";
import { hashFileSums } from "./verify-content";

// The one way a SkillVersion comes into being. Versions are immutable (npm semantics): rows are only
// ever created here, never updated; a version number is never reused, and content identical to an
// existing version is refused with a pointer to it. `latest` moves to the new version.

export type TNewVersion = {
  version: string;
  files: TSkillFiles;
  /** Binary files, stored as bytes beside the text files and hashed, listed and archived with them. */
  binaries?: TSkillBinaries;
  changelog: string;
  /** Where the version came from (created, imported, skipped binaries, …); stored as the manifest. */
  origin: Record<string, unknown>;
  lint: readonly TLintFinding[];
};

export type TSavedVersion = { id: string; version: string; contentHash: string; publishedAt: string };

/** Lint counts kept in the manifest, so lists show a version's state without re-reading its files. */
export function summarizeLint(findings: readonly TLintFinding[]): { errors: number; warnings: number } {
  return { errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length };
}

export async function saveSkillVersion(skill: { id: string; name: string; workspaceId: string }, principal: TPrincipal | undefined, input: TNewVersion): Promise<TSavedVersion> {
  const binaries = input.binaries ?? {};
  const twice = Object.keys(binaries).find((path) => input.files[path] !== undefined);
  if (twice) throw new AppError("invalid_input:skill_files", `${twice} is given both as a text file and as a binary file.`);
  // Each file is hashed once: the sums feed the content hash, the rows and the manifest.
  const sums = fileSha256s(input.files, binaries);
  const contentHash = hashFileSums(sums);
  await refuseDuplicate(skill, input.version, contentHash);
  const rows: { path: string; content: string; data?: Uint8Array<ArrayBuffer>; sha256: string; size: number }[] = [
    ...Object.entries(input.files).map(([path, content]) => ({ path, content, sha256: sums.get(path)!, size: Buffer.byteLength(content) })),
    ...Object.entries(binaries).map(([path, bytes]) => ({ path, content: "", data: new Uint8Array(bytes), sha256: sums.get(path)!, size: bytes.byteLength })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = {
    ...input.origin,
    contentHash,
    files: rows.map(({ path, sha256, size, data }) => ({ path, sha256, size, ...(data ? { binary: true } : {}) })),
    lint: summarizeLint(input.lint),
  };
  const userId = principal?.kind === "user" ? principal.userId : null;
  try {
    const saved = await db().$transaction(async (tx) => {
      const version = await tx.skillVersion.create({
        data: {
          skillId: skill.id,
          version: input.version,
          changelog: input.changelog,
          manifest: manifest as Prisma.InputJsonValue,
          contentHash,
          publishedById: userId,
          files: { create: rows },
        },
        select: { id: true, version: true, publishedAt: true },
      });
      await tx.distTag.upsert({
        where: { skillId_name: { skillId: skill.id, name: "latest" } },
        create: { skillId: skill.id, name: "latest", versionId: version.id, updatedById: userId },
        update: { versionId: version.id, updatedById: userId },
      });
      await tx.skill.update({ where: { id: skill.id }, data: { updatedAt: new Date() } });
      await recordAudit({ workspaceId: skill.workspaceId, principal, action: "skill.version.create", entityType: "skill_version", entityId: version.id, after: { skill: skill.name, version: version.version, contentHash, origin: input.origin.kind } }, tx);
      return version;
    });
    // `latest` moved, and the previous version's manifest lost that tag.
    forgetResolvedVersions();
    return { id: saved.id, version: saved.version, contentHash, publishedAt: saved.publishedAt.toISOString() };
  } catch (e) {
    // Two saves raced past refuseDuplicate; the unique indexes decide, and the loser gets the same answer.
    if ((e as { code?: string }).code === "P2002") {
      await refuseDuplicate(skill, input.version, contentHash);
      throw new AppError("conflict:version", `${skill.name}@${input.version} was saved by someone else at the same moment.`);
    }
    throw e;
  }
}

async function refuseDuplicate(skill: { id: string; name: string }, version: string, contentHash: string): Promise<void> {
  const same = await db().skillVersion.findUnique({ where: { skillId_contentHash: { skillId: skill.id, contentHash } }, select: { version: true } });
  if (same) {
    throw new AppError("conflict:identical_content", `This content is identical to ${skill.name}@${same.version}; nothing new to save.`, { details: { skill: skill.name, version: same.version } });
  }
  const taken = await db().skillVersion.findUnique({ where: { skillId_version: { skillId: skill.id, version } }, select: { id: true } });
  if (taken) throw new AppError("conflict:version", `${skill.name}@${version} already exists; versions are never overwritten.`, { details: { skill: skill.name, version } });
}
