import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// `npm start` rebuilds only when the sources changed since the last build: the stamp is a hash of
// every file that goes into the Next build, written next to the build output.

const INPUTS = ["app", "components", "lib", "public", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
// Tests and test support never reach the build, so editing them does not force a rebuild.
const SKIP = new Set(["node_modules", ".next", "generated", ".data", "testing", "bench"]);
const isTest = (name: string) => /\.test\.tsx?$/.test(name);
const STAMP = path.join(".next", "t2s-build-stamp");

function walk(p: string, out: string[]): void {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isFile()) {
    out.push(p);
    return;
  }
  for (const entry of fs.readdirSync(p).sort()) {
    if (!SKIP.has(entry) && !isTest(entry)) walk(path.join(p, entry), out);
  }
}

export function sourceHash(root = process.cwd()): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const hash = createHash("sha256");
  for (const f of files) hash.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  return hash.digest("hex");
}

export function buildIsCurrent(root = process.cwd()): boolean {
  const stamp = path.join(root, STAMP);
  return fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === sourceHash(root);
}

export function writeBuildStamp(root = process.cwd()): void {
  fs.writeFileSync(path.join(root, STAMP), sourceHash(root));
}
