import { createHash } from "node:crypto";

// hashSkillContent over raw bytes, for clients that hold files as bytes (the CLI after unzipping):
// the same lines `<path>\t<sha256>\n` sorted by path, so both sides agree on UTF-8 text.

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function hashSkillContentBytes(files: ReadonlyMap<string, Uint8Array>): string {
  const lines = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((p) => `${p}\t${sha256OfBytes(files.get(p)!)}\n`);
  return createHash("sha256").update(lines.join(""), "utf8").digest("hex");
}
