import { createHash } from "node:crypto";

// hashSkillContent over raw bytes, for clients that hold files as bytes (the CLI after unzipping):
// the same lines `<path>\t<sha256>\n` sorted by path, so both sides agree on UTF-8 text.

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The content hash from each file's sha256 (by path): the one rule the server and the CLI share. */
export function hashFileSums(sums: ReadonlyMap<string, string>): string {
  const lines = [...sums.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((p) => `${p}\t${sums.get(p)}\n`);
  return createHash("sha256").update(lines.join(""), "utf8").digest("hex");
}

export function hashSkillContentBytes(files: ReadonlyMap<string, Uint8Array>): string {
  return hashFileSums(new Map([...files].map(([path, bytes]) => [path, sha256OfBytes(bytes)])));
}
