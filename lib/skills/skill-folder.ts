import type { TSkillFiles } from "./patch";

// Import of a skill from a folder upload, a .zip or a single SKILL.md (issue 8). Everything here is
// untrusted: a zip can carry "../../etc/passwd" (zip-slip), absolute or drive paths, backslash
// separators that turn into traversal on Windows, NUL bytes that truncate paths in native code,
// symlinks pointing out of the folder, and bombs. Each problem is reported with the path it is about;
// nothing is written anywhere by this module.

/**
 * Limits: a real skill is a few markdown files and scripts (the largest released Trace2Skill skill is
 * ~14 files and under 200 KB). The file cap keeps review usable, the byte caps keep an upload from
 * filling the database (versions store files inline).
 */
export const SKILL_FOLDER_LIMITS = {
  maxFiles: 200,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 10 * 1024 * 1024,
  maxPathLength: 255,
  maxDepth: 8,
} as const;
export type TSkillFolderLimits = { [K in keyof typeof SKILL_FOLDER_LIMITS]: number };

export type TUploadEntry = {
  path: string;
  data: Uint8Array | string;
  /** From the zip's external attributes or the browser's file entry; symlinks are always refused. */
  isSymlink?: boolean;
  isDirectory?: boolean;
};

export type TFolderErrorCode = "unsafe_path" | "symlink" | "too_large" | "too_many_files" | "not_utf8" | "duplicate_path" | "no_skill_md";
export type TFolderError = { path: string; code: TFolderErrorCode; message: string };

export type TSkillFolder = {
  /** Text files (UTF-8), paths relative to the skill root. */
  files: TSkillFiles;
  /** Other files (images, archives), kept as bytes. */
  binaries: Record<string, Uint8Array>;
  /** The single top-level folder that was stripped ("" when SKILL.md was at the root). */
  rootFolder: string;
};

export type TSkillFolderResult = { ok: true; folder: TSkillFolder } | { ok: false; errors: TFolderError[] };

/** Extensions read as text; anything else is stored as bytes. */
const TEXT_EXTENSIONS = new Set(["md", "markdown", "txt", "py", "sh", "bash", "js", "mjs", "cjs", "ts", "json", "yaml", "yml", "toml", "csv", "tsv", "xml", "html", "css", "sql", "r", "rb", "ini", "cfg"]);
/** Written by macOS Finder into zips; never part of a skill. */
const OS_JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/;

export function validateSkillFolder(entries: readonly TUploadEntry[], limits: TSkillFolderLimits = SKILL_FOLDER_LIMITS): TSkillFolderResult {
  const errors: TFolderError[] = [];
  const kept: { path: string; bytes: Uint8Array }[] = [];
  let total = 0;
  for (const entry of entries) {
    const path = entry.path.replace(/^(\.\/)+/, "");
    // Zip tools mark directories with a trailing "/" and often no flag.
    if (entry.isDirectory || path.endsWith("/") || OS_JUNK.test(path)) continue;
    if (entry.isSymlink) {
      errors.push({ path: entry.path, code: "symlink", message: `${show(entry.path)} is a symbolic link; skills cannot contain links` });
      continue;
    }
    const unsafe = checkEntryPath(path, limits);
    if (unsafe) {
      errors.push({ path: entry.path, code: "unsafe_path", message: `${show(entry.path)}: ${unsafe}` });
      continue;
    }
    const bytes = typeof entry.data === "string" ? new TextEncoder().encode(entry.data) : entry.data;
    if (bytes.byteLength > limits.maxFileBytes) errors.push({ path, code: "too_large", message: `${path} is ${formatBytes(bytes.byteLength)}; the limit per file is ${formatBytes(limits.maxFileBytes)}` });
    total += bytes.byteLength;
    kept.push({ path, bytes });
  }
  if (kept.length > limits.maxFiles) errors.push({ path: "", code: "too_many_files", message: `the upload has ${kept.length} files; the limit is ${limits.maxFiles}` });
  if (total > limits.maxTotalBytes) errors.push({ path: "", code: "too_large", message: `the upload is ${formatBytes(total)} in total; the limit is ${formatBytes(limits.maxTotalBytes)}` });

  const seen = new Map<string, string>();
  for (const { path } of kept) {
    const key = path.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) errors.push({ path, code: "duplicate_path", message: `${path} and ${other} differ only in case (or repeat); a skill folder must be portable` });
    else seen.set(key, path);
  }

  const rootFolder = findRootFolder(kept.map((k) => k.path));
  if (rootFolder === null) {
    const near = kept.find((k) => /(^|\/)skill\.md$/i.test(k.path));
    const hint = near ? ` (found ${near.path}; it must be named SKILL.md at the top of the skill folder)` : "";
    errors.push({ path: "SKILL.md", code: "no_skill_md", message: `no SKILL.md at the root of the upload, or inside exactly one top-level folder${hint}` });
  }
  if (errors.length || rootFolder === null) return { ok: false, errors };

  const files: TSkillFiles = {};
  const binaries: Record<string, Uint8Array> = {};
  for (const { path, bytes } of kept) {
    const rel = rootFolder ? path.slice(rootFolder.length + 1) : path;
    if (!isTextPath(rel)) {
      binaries[rel] = bytes;
      continue;
    }
    const text = decodeUtf8(bytes);
    if (text === null) errors.push({ path: rel, code: "not_utf8", message: `${rel} is not valid UTF-8 text; save it as UTF-8` });
    else if (text.includes("\0")) errors.push({ path: rel, code: "not_utf8", message: `${rel} contains NUL bytes; it is not a text file` });
    else files[rel] = text;
  }
  return errors.length ? { ok: false, errors } : { ok: true, folder: { files, binaries, rootFolder } };
}

/** A single uploaded SKILL.md is a folder of one file. */
export function validateSingleSkillMd(data: Uint8Array | string): TSkillFolderResult {
  return validateSkillFolder([{ path: "SKILL.md", data }]);
}

/** Why a relative path is unsafe, or null. */
export function checkEntryPath(path: string, limits: Pick<TSkillFolderLimits, "maxPathLength" | "maxDepth"> = SKILL_FOLDER_LIMITS): string | null {
  if (path === "") return "empty path";
  if (path.includes("\0")) return "the path contains a NUL byte";
  if (/[\u0001-\u001f\u007f]/.test(path)) return "the path contains control characters";
  if (path.includes("\\")) return "backslashes are not allowed in paths (they are separators on Windows)";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.startsWith("~")) return "absolute paths are not allowed";
  const segments = path.split("/");
  if (segments.some((s) => s === "..")) return '".." would leave the skill folder';
  if (segments.some((s) => s === "" || s === ".")) return "empty or \".\" path segments are not allowed";
  if (path.length > limits.maxPathLength) return `the path is longer than ${limits.maxPathLength} characters`;
  if (segments.length > limits.maxDepth) return `the path is nested deeper than ${limits.maxDepth} levels`;
  return null;
}

function findRootFolder(paths: readonly string[]): string | null {
  if (paths.includes("SKILL.md")) return "";
  const tops = new Set(paths.map((p) => (p.includes("/") ? p.split("/")[0]! : "")));
  if (tops.size !== 1 || tops.has("")) return null;
  const [top] = tops;
  return paths.includes(`${top}/SKILL.md`) ? top! : null;
}

function isTextPath(path: string): boolean {
  const name = path.split("/").pop()!;
  const ext = name.includes(".") ? name.split(".").pop()!.toLowerCase() : "";
  return TEXT_EXTENSIONS.has(ext) || name === "LICENSE" || name === "README";
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function show(path: string): string {
  return JSON.stringify(path);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}
