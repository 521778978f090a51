import semver from "semver";
import type { TPrincipal } from "../auth/principal";
import { recordAudit } from "../audit";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { lintSkill, type TLintFinding } from "../skills/lint";
import type { TSkillFiles } from "../skills/patch";
import { saveSkillVersion, type TSavedVersion } from "./save-version";
import { buildStarterSkillMd, CREATED_FIRST_VERSION, RESERVED_SKILL_NAMES, type TCreateSkill } from "./skill-content";

// Skills of a workspace as the UI and the API see them. Reads only, plus create-from-scratch;
// every version goes through saveSkillVersion.

export type TLintState = { errors: number; warnings: number } | null;

export type TSkillSummary = {
  id: string;
  name: string;
  description: string;
  latestVersion: string | null;
  versionCount: number;
  /** Lint counts of the latest version when it was saved. */
  lint: TLintState;
  finishedRuns: number;
  updatedAt: string;
};

export type TVersionView = { id: string; version: string; changelog: string; contentHash: string; publishedAt: string; publishedBy: string | null; deprecatedMessage: string | null; lint: TLintState; origin: string | null; fileCount: number };
export type TDistTagView = { name: string; version: string; protected: boolean; updatedAt: string };
export type TSkillDetail = { id: string; name: string; description: string; createdAt: string; updatedAt: string; versions: TVersionView[]; tags: TDistTagView[] };
/** A stored file as pages and the files API show it; a binary file's content is "" (its bytes are downloaded on their own). */
export type TSkillFileView = { path: string; content: string; sha256: string; size: number; binary: boolean };

function readManifest(manifest: unknown): { lint: TLintState; origin: string | null; fileCount: number } {
  const m = (manifest ?? {}) as { lint?: { errors?: number; warnings?: number }; kind?: string; files?: unknown[] };
  const lint = m.lint && typeof m.lint.errors === "number" ? { errors: m.lint.errors, warnings: m.lint.warnings ?? 0 } : null;
  return { lint, origin: typeof m.kind === "string" ? m.kind : null, fileCount: Array.isArray(m.files) ? m.files.length : 0 };
}

export async function listSkills(workspaceId: string): Promise<TSkillSummary[]> {
  const skills = await db().skill.findMany({
    where: { workspaceId },
    orderBy: { name: "asc" },
    include: {
      distTags: { where: { name: "latest" }, include: { version: { select: { version: true, manifest: true } } } },
      _count: { select: { versions: true, runs: { where: { status: "succeeded" } } } },
    },
  });
  return skills.map((s) => {
    const latest = s.distTags[0]?.version;
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      latestVersion: latest?.version ?? null,
      versionCount: s._count.versions,
      lint: latest ? readManifest(latest.manifest).lint : null,
      finishedRuns: s._count.runs,
      updatedAt: s.updatedAt.toISOString(),
    };
  });
}

export async function findSkill(workspaceId: string, name: string): Promise<{ id: string; name: string; workspaceId: string }> {
  const skill = await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name } }, select: { id: true, name: true, workspaceId: true } });
  if (!skill) throw notFound("skill", `skill named "${name}" in this workspace`);
  return skill;
}

export async function getSkillDetail(workspaceId: string, name: string): Promise<TSkillDetail> {
  const skill = await db().skill.findUnique({
    where: { workspaceId_name: { workspaceId, name } },
    include: {
      versions: { include: { _count: { select: { files: true } } } },
      distTags: { include: { version: { select: { version: true } } }, orderBy: { name: "asc" } },
    },
  });
  if (!skill) throw notFound("skill", `skill named "${name}" in this workspace`);
  const publishers = await db().user.findMany({ where: { id: { in: skill.versions.map((v) => v.publishedById).filter((id): id is string => !!id) } }, select: { id: true, name: true, email: true } });
  const versions = skill.versions
    .map((v): TVersionView => {
      const m = readManifest(v.manifest);
      const by = publishers.find((u) => u.id === v.publishedById);
      return { id: v.id, version: v.version, changelog: v.changelog, contentHash: v.contentHash, publishedAt: v.publishedAt.toISOString(), publishedBy: by ? by.name || by.email : null, deprecatedMessage: v.deprecatedMessage, lint: m.lint, origin: m.origin, fileCount: v._count.files };
    })
    .sort((a, b) => (semver.valid(a.version) && semver.valid(b.version) ? semver.rcompare(a.version, b.version) : b.publishedAt.localeCompare(a.publishedAt)));
  return {
    id: skill.id,
    name: skill.name,
    description: skill.description,
    createdAt: skill.createdAt.toISOString(),
    updatedAt: skill.updatedAt.toISOString(),
    versions,
    tags: skill.distTags.map((t) => ({ name: t.name, version: t.version.version, protected: t.protected, updatedAt: t.updatedAt.toISOString() })),
  };
}

/** A version by number or by dist-tag name (`latest`), like `npm install name@tag`. */
export async function resolveVersion(skill: { id: string; name: string }, ref: string): Promise<{ id: string; version: string }> {
  const byNumber = semver.valid(ref) ? await db().skillVersion.findUnique({ where: { skillId_version: { skillId: skill.id, version: ref } }, select: { id: true, version: true } }) : null;
  if (byNumber) return byNumber;
  const tag = await db().distTag.findUnique({ where: { skillId_name: { skillId: skill.id, name: ref } }, include: { version: { select: { id: true, version: true } } } });
  if (tag) return tag.version;
  throw notFound("version", `version or tag "${ref}" of ${skill.name}`);
}

export async function getVersionFiles(workspaceId: string, name: string, ref: string): Promise<{ version: string; files: TSkillFileView[] }> {
  const skill = await findSkill(workspaceId, name);
  const v = await resolveVersion(skill, ref);
  // The bytes stay in the database: a page only needs to know which files are binary.
  const [text, binary] = await Promise.all([
    db().skillFile.findMany({ where: { versionId: v.id, data: null }, select: { path: true, content: true, sha256: true, size: true } }),
    db().skillFile.findMany({ where: { versionId: v.id, NOT: { data: null } }, select: { path: true, sha256: true, size: true } }),
  ]);
  const files = [...text.map((f) => ({ ...f, binary: false })), ...binary.map((f) => ({ ...f, content: "", binary: true }))];
  return { version: v.version, files: files.sort((a, b) => compareSkillPaths(a.path, b.path)) };
}

/** A version's binary files with their bytes, by path. */
export async function loadVersionBinaries(versionId: string): Promise<Record<string, Uint8Array>> {
  const rows = await db().skillFile.findMany({ where: { versionId, NOT: { data: null } }, select: { path: true, data: true } });
  return Object.fromEntries(rows.map((r) => [r.path, r.data!]));
}

/** One binary file of a version by number or tag: what the download route serves. */
export async function readBinaryFile(workspaceId: string, name: string, ref: string, path: string): Promise<{ version: string; bytes: Uint8Array; sha256: string }> {
  const v = await resolveVersion(await findSkill(workspaceId, name), ref);
  const row = await db().skillFile.findUnique({ where: { versionId_path: { versionId: v.id, path } }, select: { data: true, sha256: true } });
  if (!row?.data) throw notFound("file", `binary file ${path} in ${name}@${v.version}`);
  return { version: v.version, bytes: row.data, sha256: row.sha256 };
}

/** Lint of a stored version with today's rules (the manifest keeps the counts at save time). */
export async function lintVersion(workspaceId: string, name: string, ref: string): Promise<{ version: string; findings: TLintFinding[] }> {
  const { version, files } = await getVersionFiles(workspaceId, name, ref);
  return { version, findings: lintSkill(toSkillFiles(files), { skillName: name }) };
}

/** The text files as a path → content map (what lint, diff and apply work on); binary files are left out. */
export function toSkillFiles(files: readonly { path: string; content: string; binary?: boolean }[]): TSkillFiles {
  return Object.fromEntries(files.filter((f) => !f.binary).map((f) => [f.path, f.content]));
}

/** SKILL.md first, then root files, then folders, each alphabetically: the order a reader expects. */
export function compareSkillPaths(a: string, b: string): number {
  const rank = (p: string) => (p === "SKILL.md" ? 0 : p.includes("/") ? 2 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export async function createSkill(workspaceId: string, principal: TPrincipal | undefined, input: TCreateSkill): Promise<{ skill: { id: string; name: string }; version: TSavedVersion }> {
  const files = { "SKILL.md": buildStarterSkillMd(input) };
  const skill = await insertSkill(workspaceId, principal, input);
  const version = await saveSkillVersion(skill, principal, { version: CREATED_FIRST_VERSION, files, changelog: "Created from scratch.", origin: { kind: "created" }, lint: lintSkill(files, { skillName: input.name }) });
  return { skill: { id: skill.id, name: skill.name }, version };
}

export async function insertSkill(workspaceId: string, principal: TPrincipal | undefined, input: { name: string; description: string }): Promise<{ id: string; name: string; workspaceId: string }> {
  if (RESERVED_SKILL_NAMES.includes(input.name)) throw new AppError("invalid_input:skill_name", `"${input.name}" is reserved by the API; rename the skill in its SKILL.md.`);
  const exists = await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: input.name } }, select: { id: true } });
  if (exists) throw new AppError("conflict:skill", `A skill named "${input.name}" already exists in this workspace.`);
  try {
    const skill = await db().skill.create({
      data: { workspaceId, name: input.name, description: input.description, createdById: principal?.kind === "user" ? principal.userId : null },
      select: { id: true, name: true, workspaceId: true },
    });
    await recordAudit({ workspaceId, principal, action: "skill.create", entityType: "skill", entityId: skill.id, after: input });
    return skill;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new AppError("conflict:skill", `A skill named "${input.name}" already exists in this workspace.`);
    throw e;
  }
}
