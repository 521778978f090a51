import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { AppError } from "../errors";

// Official artifacts arrive as an output folder or a .zip of it. Only .json files are read; a
// decompressed total beyond MAX_ARTIFACT_BYTES is refused (a zip bomb must not take the process).

export const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

export function readArtifactZip(bytes: Uint8Array): Record<string, string> {
  let total = 0;
  const out: Record<string, string> = {};
  const entries = unzipSync(bytes, {
    filter: (f) => {
      if (!f.name.endsWith(".json") || f.name.includes("..") || f.name.startsWith("/")) return false;
      total += f.originalSize;
      if (total > MAX_ARTIFACT_BYTES) throw new AppError("payload_too_large", `The archive unpacks to more than ${MAX_ARTIFACT_BYTES / 1024 / 1024} MB of JSON.`);
      return true;
    },
  });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const [name, data] of Object.entries(entries)) {
    try {
      out[name] = decoder.decode(data);
    } catch {
      throw new AppError("invalid_input:official_artifacts", `${name} is not UTF-8 text.`);
    }
  }
  return out;
}

export function readArtifactFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  let total = 0;
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(p);
      else if (d.isFile() && d.name.endsWith(".json")) {
        total += fs.statSync(path.join(dir, p)).size;
        if (total > MAX_ARTIFACT_BYTES) throw new AppError("payload_too_large", `More than ${MAX_ARTIFACT_BYTES / 1024 / 1024} MB of JSON under ${dir}.`);
        out[p] = fs.readFileSync(path.join(dir, p), "utf8");
      }
    }
  };
  walk("");
  return out;
}

export function readArtifacts(input: string): Record<string, string> {
  if (!fs.existsSync(input)) throw new AppError("invalid_input:path", `${input}: no such file or directory.`);
  return fs.statSync(input).isDirectory() ? readArtifactFolder(input) : readArtifactZip(new Uint8Array(fs.readFileSync(input)));
}
