import semver from "semver";
import { db } from "../db/client";
import { notFound } from "../errors";
import type { TPullManifest } from "./pull-schema";
import { sha256Hex } from "./skill-content";
import { processWide, TtlCache } from "../ttl-cache";

export { ZPullManifest, type TPullManifest } from "./pull-schema";

// What the pull API serves. A version's files, hash and changelog never change, so the static part
// of its manifest is built once per process and kept by version id; what a ref resolves to (with
// the parts that do change: deprecation, tags) is kept for RESOLVED_TTL_MS, and the manifest's JSON
// bytes are rendered once per resolution. Tag names and `latest` resolve in one indexed query.

type TStatic = Omit<TPullManifest, "deprecated" | "tags">;
export type TResolvedVersion = { id: string; deprecated: string | null; tags: string[]; contentHash: string; manifestEtag: string };

/**
 * How long a ref's resolution (which version a tag names, its deprecation and tags) may be served
 * from memory. A tag move, deprecation or publish made through this web server clears it at once
 * (the fast path and Next share these caches, see processWide); one made by another process on the
 * same database (a second web server) shows within 1 s. Clients cache manifests for 60 s anyway.
 */
export const RESOLVED_TTL_MS = 1_000;
const MAX_CACHED = 5_000;
const staticManifests = processWide("registry.staticManifests", () => new Map<string, TStatic>());
const resolved = processWide("registry.resolvedRefs", () => new TtlCache<Promise<TResolvedVersion>>(RESOLVED_TTL_MS));
const manifestBytes = processWide("registry.manifestBytes", () => new WeakMap<TResolvedVersion, Promise<Uint8Array>>());

/** Called by every change of tags, deprecation or versions in this process. */
export function forgetResolvedVersions(): void {
  resolved.clear();
}

const versionSelect = { id: true, contentHash: true, deprecatedMessage: true, distTags: { select: { name: true } } } as const;

/** The version a pull addresses (a number or a tag), with its mutable state, in one query. */
export async function resolvePullVersion(workspaceId: string, name: string, ref: string): Promise<TResolvedVersion> {
  const key = `${workspaceId}\u0000${name}\u0000${ref}`;
  // The promise is cached, so a burst of pulls when an entry expires makes one query, not one each.
  const hit = resolved.get(key);
  if (hit) return hit;
  const query = resolved.set(key, queryPullVersion(workspaceId, name, ref));
  query.catch(() => resolved.delete(key));
  return query;
}

async function queryPullVersion(workspaceId: string, name: string, ref: string): Promise<TResolvedVersion> {
  const row = semver.valid(ref)
    ? await db().skillVersion.findFirst({ where: { version: ref, skill: { workspaceId, name } }, select: versionSelect })
    : (await db().distTag.findFirst({ where: { name: ref, skill: { workspaceId, name } }, select: { version: { select: versionSelect } } }))?.version;
  if (!row) throw notFound("version", `version or tag "${ref}" of ${name}`);
  const state = { contentHash: row.contentHash, deprecated: row.deprecatedMessage, tags: row.distTags.map((t) => t.name).sort() };
  return { id: row.id, ...state, manifestEtag: manifestEtag(state) };
}

export async function readPullManifest(v: TResolvedVersion): Promise<TPullManifest> {
  let fixed = staticManifests.get(v.id);
  if (!fixed) {
    fixed = await buildStaticManifest(v.id);
    if (staticManifests.size >= MAX_CACHED) staticManifests.delete(staticManifests.keys().next().value!);
    staticManifests.set(v.id, fixed);
  }
  return { ...fixed, deprecated: v.deprecated, tags: v.tags };
}

/** The manifest as the JSON bytes the API sends, rendered once per resolution of the ref. */
export function readPullManifestBytes(v: TResolvedVersion): Promise<Uint8Array> {
  let bytes = manifestBytes.get(v);
  if (!bytes) {
    bytes = readPullManifest(v).then((m) => new TextEncoder().encode(JSON.stringify(m)));
    bytes.catch(() => manifestBytes.delete(v));
    manifestBytes.set(v, bytes);
  }
  return bytes;
}

type TStoredManifest = {
  kind?: string;
  basedOn?: string | null;
  files?: { path: string; sha256: string; size: number; binary?: true }[];
  run?: { id?: string; pool?: { name?: string; contentHash?: string | null } };
  items?: { status?: string }[];
  provenance?: { files?: Record<string, { count: number }[]> };
};

async function buildStaticManifest(versionId: string): Promise<TStatic> {
  const v = await db().skillVersion.findUniqueOrThrow({ where: { id: versionId }, include: { skill: { select: { name: true, description: true } } } });
  const m = (v.manifest ?? {}) as TStoredManifest;
  const files = m.files ?? (await db().skillFile.findMany({ where: { versionId }, select: { path: true, sha256: true, size: true } }));
  const items: Record<string, number> = {};
  for (const i of m.items ?? []) items[i.status ?? "unknown"] = (items[i.status ?? "unknown"] ?? 0) + 1;
  const lines = Object.fromEntries(Object.entries(m.provenance?.files ?? {}).map(([file, spans]) => [file, spans.reduce((n, s) => n + s.count, 0)]));
  return {
    name: v.skill.name,
    version: v.version,
    description: v.skill.description,
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, ...("binary" in f && f.binary ? { binary: true as const } : {}) })),
    contentHash: v.contentHash,
    publishedAt: v.publishedAt.toISOString(),
    changelog: v.changelog,
    provenance: {
      origin: m.kind ?? null,
      basedOn: m.basedOn ?? null,
      runId: v.runId ?? m.run?.id ?? null,
      pool: m.run?.pool?.name ? { name: m.run.pool.name, contentHash: m.run.pool.contentHash ?? null } : null,
      items,
      linesWithProvenance: lines,
    },
  };
}

/** The manifest's validator: the content hash plus its mutable state, so a deprecation or a tag move is a new ETag. */
export function manifestEtag(v: { contentHash: string; deprecated: string | null; tags: string[] }): string {
  return `"m-${v.contentHash.slice(0, 32)}-${sha256Hex(JSON.stringify([v.deprecated, v.tags])).slice(0, 12)}"`;
}

export type TPullSkillSummary = { name: string; description: string; latest: string | null; tags: Record<string, string>; downloads: number; updatedAt: string };

export async function listPullSkills(workspaceId: string): Promise<TPullSkillSummary[]> {
  const skills = await db().skill.findMany({
    where: { workspaceId, versions: { some: {} } },
    orderBy: { name: "asc" },
    select: { name: true, description: true, updatedAt: true, distTags: { select: { name: true, version: { select: { version: true } } } }, versions: { select: { downloadCount: true } } },
  });
  return skills.map((s) => {
    const tags = Object.fromEntries(s.distTags.map((t) => [t.name, t.version.version]).sort(([a], [b]) => a!.localeCompare(b!)));
    return { name: s.name, description: s.description, latest: tags.latest ?? null, tags, downloads: s.versions.reduce((n, v) => n + v.downloadCount, 0), updatedAt: s.updatedAt.toISOString() };
  });
}

export async function readPullSkill(workspaceId: string, name: string) {
  const s = await db().skill.findUnique({
    where: { workspaceId_name: { workspaceId, name } },
    select: { name: true, description: true, distTags: { select: { name: true, version: { select: { version: true } } } }, versions: { select: { version: true, contentHash: true, publishedAt: true, deprecatedMessage: true, downloadCount: true } } },
  });
  if (!s || s.versions.length === 0) throw notFound("skill", `published skill named "${name}"`);
  const versions = s.versions
    .map((v) => ({ version: v.version, contentHash: v.contentHash, publishedAt: v.publishedAt.toISOString(), deprecated: v.deprecatedMessage, downloads: v.downloadCount }))
    .sort((a, b) => (semver.valid(a.version) && semver.valid(b.version) ? semver.rcompare(a.version, b.version) : b.publishedAt.localeCompare(a.publishedAt)));
  const tags = Object.fromEntries(s.distTags.map((t) => [t.name, t.version.version]).sort(([a], [b]) => a!.localeCompare(b!)));
  return { name: s.name, description: s.description, tags, versions };
}
