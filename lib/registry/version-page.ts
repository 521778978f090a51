import { db } from "../db/client";
import { diffSkill, type TFileDiff } from "../skills/diff";
import { readManifestProvenance, type TManifestItem, type TProvenance } from "./line-provenance";
import { findSkill, getSkillDetail, getVersionFiles, resolveVersion, toSkillFiles, type TSkillDetail, type TSkillFileView } from "./skills-store";

// What the registry's version and diff pages show, read in one place so the pages stay thin.

export type TVersionPage = {
  skill: TSkillDetail;
  version: TSkillDetail["versions"][number];
  files: TSkillFileView[];
  manifest: unknown;
  provenance: TProvenance;
  items: TManifestItem[];
  downloads: number;
  runId: string | null;
};

export async function getVersionPage(workspaceId: string, name: string, ref: string): Promise<TVersionPage> {
  const skill = await getSkillDetail(workspaceId, name);
  const { version, files } = await getVersionFiles(workspaceId, name, ref);
  const row = await db().skillVersion.findFirstOrThrow({ where: { skillId: skill.id, version }, select: { manifest: true, downloadCount: true, runId: true } });
  const { provenance, items } = readManifestProvenance(row.manifest);
  return { skill, version: skill.versions.find((v) => v.version === version)!, files, manifest: row.manifest, provenance, items, downloads: row.downloadCount, runId: row.runId };
}

export type TDiffFile = Pick<TFileDiff, "path" | "change" | "added" | "removed"> & { before: string; after: string };
export type TVersionDiff = { name: string; from: string; to: string; versions: string[]; files: TDiffFile[]; added: number; removed: number };

export async function getVersionDiff(workspaceId: string, name: string, fromRef: string, toRef: string): Promise<TVersionDiff> {
  const skill = await findSkill(workspaceId, name);
  const [from, to] = [await resolveVersion(skill, fromRef), await resolveVersion(skill, toRef)];
  const [a, b] = [await getVersionFiles(workspaceId, name, from.version), await getVersionFiles(workspaceId, name, to.version)];
  const before = toSkillFiles(a.files);
  const after = toSkillFiles(b.files);
  const diff = diffSkill(before, after);
  const versions = (await getSkillDetail(workspaceId, name)).versions.map((v) => v.version);
  return { name, from: from.version, to: to.version, versions, files: diff.files.map((f) => ({ path: f.path, change: f.change, added: f.added, removed: f.removed, before: before[f.path] ?? "", after: after[f.path] ?? "" })), added: diff.added, removed: diff.removed };
}
