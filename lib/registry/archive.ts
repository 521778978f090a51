import { strToU8, zipSync, type Zippable } from "fflate";
import { db } from "../db/client";
import { processWide } from "../ttl-cache";

// The archive of a version: a zip of the folder `<name>/…`, byte-for-byte the same on every build
// (entries sorted, one fixed timestamp, fixed compression level), so the content hash can stand as
// its ETag and a CDN or a checksum pin stays valid. Built once per version and kept in memory.

/** Built with local-time fields, because zip stores DOS local time and fflate reads local getters. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const cache = processWide("registry.archives", () => ({ entries: new Map<string, Uint8Array>(), bytes: 0 }));

/** A file of the archive: text, or the bytes of a binary file (`data`, which then wins over `content`). */
export type TArchiveFile = { path: string; content: string; data?: Uint8Array | null };

export function buildSkillArchive(name: string, files: readonly TArchiveFile[]): Uint8Array {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const entries: Zippable = {};
  for (const f of sorted) entries[`${name}/${f.path}`] = [f.data ?? strToU8(f.content), { mtime: FIXED_MTIME, level: 6 }];
  return zipSync(entries, { mtime: FIXED_MTIME });
}

export async function readSkillArchive(versionId: string): Promise<Uint8Array> {
  const hit = cache.entries.get(versionId);
  if (hit) {
    cache.entries.delete(versionId);
    cache.entries.set(versionId, hit);
    return hit;
  }
  const v = await db().skillVersion.findUniqueOrThrow({ where: { id: versionId }, select: { skill: { select: { name: true } }, files: { select: { path: true, content: true, data: true } } } });
  const bytes = buildSkillArchive(v.skill.name, v.files);
  if (cache.entries.has(versionId)) return cache.entries.get(versionId)!;
  cache.entries.set(versionId, bytes);
  cache.bytes += bytes.byteLength;
  for (const [id, b] of cache.entries) {
    if (cache.bytes <= MAX_CACHE_BYTES || cache.entries.size === 1) break;
    cache.entries.delete(id);
    cache.bytes -= b.byteLength;
  }
  return bytes;
}
