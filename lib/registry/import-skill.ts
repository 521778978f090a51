import type { TPrincipal } from "../auth/principal";
import { hasRole, type TRole } from "../auth/roles";
import { db } from "../db/client";
import { AppError } from "../errors";
import { hasLintErrors, lintSkill, type TLintFinding } from "../skills/lint";
import { validateSkillFolder, type TFolderError, type TUploadEntry } from "../skills/skill-folder";
import { readZipEntries } from "./read-zip";
import { saveSkillVersion, type TSavedVersion } from "./save-version";
import { hashSkillContent, pickImportedVersion, pickNextVersion, readSkillIdentity } from "./skill-content";
import { insertSkill } from "./skills-store";

// Import of an existing skill (issue 8): a folder, a .zip or a single SKILL.md. The folder rules
// (paths, links, sizes, UTF-8) are lib/skills/skill-folder's; lint errors refuse the import with
// every finding listed by file and line, warnings are imported and returned.
//
// Binary files (images, archives, fonts, template workbooks — anything without a text extension)
// are stored as bytes beside the text files, hashed, listed and archived with them, and carried
// unchanged into every later version. A file with a text extension (a .py script) that is not UTF-8
// is refused: a script the registry would store as opaque bytes could not be reviewed or linted.
//
// A new name creates the skill (curators). A name that exists adds a version to it, which is
// publishing, so it needs a publisher; content identical to an existing version is refused.

export type TImportSource = { kind: "zip"; bytes: Uint8Array } | { kind: "folder"; entries: TUploadEntry[] } | { kind: "skill_md"; data: Uint8Array | string };

export type TImportResult = {
  skill: { id: string; name: string };
  created: boolean;
  version: TSavedVersion;
  warnings: TLintFinding[];
  /** The binary files stored with the version, by path. */
  binaries: { path: string; size: number }[];
};

export type TImportProblem = { path: string; line?: number; code: string; message: string };

export async function importSkill(workspaceId: string, principal: TPrincipal | undefined, role: TRole, source: TImportSource): Promise<TImportResult> {
  const { entries, errors: readErrors } = readSourceEntries(source);
  const checked = validateSkillFolder(entries);
  if (readErrors.length || !checked.ok) refuseFolder([...readErrors, ...(checked.ok ? [] : checked.errors)]);
  const { files, binaries, rootFolder } = checked.folder;

  const identity = readSkillIdentity(files["SKILL.md"]!);
  const findings = lintSkill(files, { skillName: identity?.name });
  if (!identity || hasLintErrors(findings)) refuseLint(findings);

  const stored = Object.entries(binaries).map(([path, bytes]) => ({ path, size: bytes.byteLength }));
  const origin = { kind: "imported", source: source.kind, rootFolder: rootFolder || null };
  const changelog = `Imported from ${describeSource(source)} (${Object.keys(files).length + stored.length} files${stored.length ? `, ${stored.length} of them binary` : ""}).`;
  const wanted = pickImportedVersion(files["SKILL.md"]!);
  const warnings = findings.filter((f) => f.severity === "warning");

  const existing = await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: identity.name } }, select: { id: true, name: true, workspaceId: true, versions: { select: { version: true, contentHash: true } } } });
  if (existing) {
    const same = existing.versions.find((v) => v.contentHash === hashSkillContent(files, binaries));
    if (same) throw new AppError("conflict:identical_content", `This content is identical to ${existing.name}@${same.version}; nothing new to import.`, { details: { skill: existing.name, version: same.version } });
    if (!hasRole(role, "publisher")) throw new AppError("forbidden:publish", `A skill named "${existing.name}" exists; adding a version to it is publishing, which needs the publisher role.`);
    const version = pickNextVersion(wanted, existing.versions.map((v) => v.version));
    const saved = await saveSkillVersion(existing, principal, { version, files, binaries, changelog, origin, lint: findings });
    return { skill: { id: existing.id, name: existing.name }, created: false, version: saved, warnings, binaries: stored };
  }

  const skill = await insertSkill(workspaceId, principal, identity);
  try {
    const saved = await saveSkillVersion(skill, principal, { version: wanted, files, binaries, changelog, origin, lint: findings });
    return { skill: { id: skill.id, name: skill.name }, created: true, version: saved, warnings, binaries: stored };
  } catch (e) {
    // A skill row without its first version would be an empty shell in every list.
    await db().skill.delete({ where: { id: skill.id } }).catch(() => undefined);
    throw e;
  }
}

function readSourceEntries(source: TImportSource): { entries: TUploadEntry[]; errors: TFolderError[] } {
  if (source.kind === "zip") return readZipEntries(source.bytes);
  if (source.kind === "folder") return { entries: source.entries, errors: [] };
  return { entries: [{ path: "SKILL.md", data: source.data }], errors: [] };
}

function describeSource(source: TImportSource): string {
  return source.kind === "zip" ? "a .zip archive" : source.kind === "folder" ? "a folder upload" : "a single SKILL.md";
}

function refuseFolder(errors: readonly TFolderError[]): never {
  const problems: TImportProblem[] = errors.map((e) => ({ path: e.path, code: e.code, message: e.message }));
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  throw new AppError("invalid_input:skill_folder", `The skill was not imported: ${first.message}${more}.`, { details: problems });
}

function refuseLint(findings: readonly TLintFinding[]): never {
  const errors = findings.filter((f) => f.severity === "error");
  const problems: TImportProblem[] = (errors.length ? errors : findings).map((f) => ({ path: f.file, line: f.line, code: f.rule, message: f.message }));
  const first = problems[0];
  const where = first ? `${first.path}:${first.line}: ${first.message}` : "SKILL.md needs a name in its front matter";
  throw new AppError("invalid_input:lint", `The skill was not imported; it breaks ${problems.length || 1} Agent Skills rule${problems.length > 1 ? "s" : ""}: ${where}.`, { details: problems });
}
