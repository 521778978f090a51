import { db } from "../db/client";
import { diffSkill, type TFileDiff } from "../skills/diff";
import { readManifestProvenance, type TManifestItem, type TProvenance } from "./line-provenance";
import { compareSkillPaths, findSkill, getSkillDetail, getVersionFiles, resolveVersion, toSkillFiles, type TSkillDetail, type TSkillFileView } from "./skills-store";

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

/** A binary file on one side of a diff (null: not in that version): compared by hash, never as text. */
export type TBinaryFacts = { sha256: string; size: number };
export type TDiffFile = Pick<TFileDiff, "path" | "change" | "added" | "removed"> & { before: string; after: string; binary?: { before: TBinaryFacts | null; after: TBinaryFacts | null } };
export type TVersionDiff = { name: string; from: string; to: string; versions: string[]; files: TDiffFile[]; added: number; removed: number };

export async function getVersionDiff(workspaceId: string, name: string, fromRef: string, toRef: string): Promise<TVersionDiff> {
  const skill = await findSkill(workspaceId, name);
  const [from, to] = [await resolveVersion(skill, fromRef), await resolveVersion(skill, toRef)];
  const [a, b] = [await getVersionFiles(workspaceId, name, from.version), await getVersionFiles(workspaceId, name, to.version)];
  const before = toSkillFiles(a.files);
  const after = toSkillFiles(b.files);
  const diff = diffSkill(before, after);
  const versions = (await getSkillDetail(workspaceId, name)).versions.map((v) => v.version);
  const files: TDiffFile[] = diff.files.map((f) => ({ path: f.path, change: f.change, added: f.added, removed: f.removed, before: before[f.path] ?? "", after: after[f.path] ?? "" }));
  files.push(...diffBinaries(a.files, b.files));
  files.sort((x, y) => compareSkillPaths(x.path, y.path));
  return { name, from: from.version, to: to.version, versions, files, added: diff.added, removed: diff.removed };
}

/** Binary files of two versions, compared by sha256 (a file that turned from text to binary shows on both lists). */
function diffBinaries(a: readonly TSkillFileView[], b: readonly TSkillFileView[]): TDiffFile[] {
  const side = (files: readonly TSkillFileView[]) => new Map(files.filter((f) => f.binary).map((f) => [f.path, { sha256: f.sha256, size: f.size }]));
  const [before, after] = [side(a), side(b)];
  return [...new Set([...before.keys(), ...after.keys()])].map((path) => {
    const [x, y] = [before.get(path) ?? null, after.get(path) ?? null];
    const change = !x ? "added" : !y ? "deleted" : x.sha256 === y.sha256 ? "unchanged" : "modified";
    return { path, change, added: 0, removed: 0, before: "", after: "", binary: { before: x, after: y } };
  });
}
