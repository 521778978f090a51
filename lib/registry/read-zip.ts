import { strFromU8, unzipSync } from "fflate";
import { AppError } from "../errors";
import { SKILL_FOLDER_LIMITS, type TFolderError, type TSkillFolderLimits, type TUploadEntry } from "../skills/skill-folder";

// Reads a .zip upload into entries for validateSkillFolder. fflate does the inflating but does not
// expose the central directory's external attributes, which is where a zip says "this entry is a
// symbolic link" (unix mode S_IFLNK in the high 16 bits). So the central directory is walked here
// first: sizes and link flags are known before a single byte is inflated, which also stops a zip
// bomb from being expanded (an entry whose declared size is over the limit is never extracted).

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const HOST_UNIX = 3;
const HOST_OSX = 19;
/** The most bytes a zip upload may have before it is read at all. */
export const MAX_ZIP_BYTES = SKILL_FOLDER_LIMITS.maxTotalBytes + 1024 * 1024;

type TCentralEntry = { name: string; originalSize: number; isSymlink: boolean; isDirectory: boolean };

export type TZipRead = { entries: TUploadEntry[]; errors: TFolderError[] };

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

export function readZipEntries(bytes: Uint8Array, limits: TSkillFolderLimits = SKILL_FOLDER_LIMITS): TZipRead {
  if (bytes.byteLength > MAX_ZIP_BYTES) throw new AppError("payload_too_large:zip", `The archive is larger than ${Math.round(MAX_ZIP_BYTES / 1024 / 1024)} MB.`);
  const central = listCentralDirectory(bytes);
  const errors: TFolderError[] = [];
  const files = central.filter((e) => !e.isDirectory);
  // Checked before inflating: a bomb declares its real size, or is caught by the size check below.
  if (files.length > limits.maxFiles * 2) {
    errors.push({ path: "", code: "too_many_files", message: `the archive has ${files.length} entries; the limit is ${limits.maxFiles}` });
    return { entries: [], errors };
  }
  const extract = new Set<string>();
  let declaredTotal = 0;
  for (const e of files) {
    if (e.isSymlink) continue;
    if (e.originalSize > limits.maxFileBytes) errors.push({ path: e.name, code: "too_large", message: `${e.name} is ${formatMiB(e.originalSize)} unpacked; the limit per file is ${formatMiB(limits.maxFileBytes)}` });
    else extract.add(e.name);
    declaredTotal += e.originalSize;
  }
  if (declaredTotal > limits.maxTotalBytes) {
    errors.push({ path: "", code: "too_large", message: `the archive unpacks to ${formatMiB(declaredTotal)}; the limit is ${formatMiB(limits.maxTotalBytes)}` });
    return { entries: [], errors };
  }
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(bytes, { filter: (f) => extract.has(f.name) });
  } catch (e) {
    throw new AppError("invalid_input:zip", `The archive could not be read: ${(e as Error).message}.`);
  }
  const entries: TUploadEntry[] = [];
  for (const e of files) {
    if (e.isSymlink) entries.push({ path: e.name, data: new Uint8Array(), isSymlink: true });
    else if (extract.has(e.name)) {
      const data = unpacked[e.name] ?? new Uint8Array();
      // The central directory can lie about sizes; the inflated length is what counts.
      if (data.byteLength > limits.maxFileBytes) errors.push({ path: e.name, code: "too_large", message: `${e.name} is over the per-file limit of ${formatMiB(limits.maxFileBytes)}` });
      else entries.push({ path: e.name, data });
    }
  }
  return { entries, errors };
}

function listCentralDirectory(bytes: Uint8Array): TCentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw new AppError("invalid_input:zip", "The upload is not a .zip archive (no central directory found).");
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new AppError("invalid_input:zip", "ZIP64 archives are not supported; a skill folder is far smaller than 4 GB.");
  const out: TCentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) throw new AppError("invalid_input:zip", "The archive's central directory is damaged.");
    const madeBy = view.getUint16(offset + 4, true);
    const flags = view.getUint16(offset + 8, true);
    const originalSize = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const external = view.getUint32(offset + 38, true);
    // The same decoding fflate uses, so names match its keys: UTF-8 when bit 11 says so, else latin1.
    const name = strFromU8(bytes.subarray(offset + 46, offset + 46 + nameLength), !(flags & 0x800));
    const host = madeBy >> 8;
    const mode = host === HOST_UNIX || host === HOST_OSX ? external >>> 16 : 0;
    const isSymlink = (mode & S_IFMT) === S_IFLNK;
    const isDirectory = name.endsWith("/") || (mode & S_IFMT) === S_IFDIR || (!isSymlink && (external & 0x10) !== 0);
    out.push({ name, originalSize, isSymlink, isDirectory });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes at the very end.
  const last = view.byteLength - 22;
  for (let i = last; i >= Math.max(0, last - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

function formatMiB(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}
