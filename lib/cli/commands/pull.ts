import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { unzipSync } from "fflate";
import { AppError } from "../../errors";
import { ZPullManifest, type TPullManifest } from "../../registry/pull-schema";
import { hashSkillContentBytes, sha256OfBytes } from "../../registry/verify-content";
import { asUsageError, CliUsageError, type TCliIo, type TCommand } from "./command";

// `t2s pull <name>[@version|@tag]`: fetches a version's manifest, then its archive by the resolved
// version number (immutable, so manifest and bytes always agree), verifies every file's sha256 and
// the content hash, and writes the skill folder itself — `--out .claude/skills/<name>` makes it an
// installed Claude Code skill. Nothing touches the target until everything verified.

export type TPullOptions = { name: string; ref: string; registry: string; workspace: string; token?: string; out: string; force: boolean; json: boolean };

const USAGE = `Usage: npm run t2s -- pull <name>[@<version>|@<tag>] --registry <url> --out <dir>
         [--workspace <slug>] [--token <key>] [--force] [--json]

Downloads a published skill version and writes it as an Agent Skills folder at <dir>
(e.g. --out .claude/skills/<name>). Every file's sha256 and the version's content hash are checked.
  --registry   the studio's URL (http://localhost:3000), or …/api/registry/<workspace>
  --workspace  workspace slug (default: demo, or the one in --registry)
  --token      an API key of the workspace (needed unless the workspace is public)
  --force      replace a non-empty <dir>
  --json       print {name, version, contentHash, files, out, deprecated} on stdout
Exit codes: 0 pulled, 1 failed (not found, unauthorized, verification), 2 bad arguments.`;

/** The workspace bundled in the default demo install. */
const DEFAULT_WORKSPACE = "demo";

export function parsePullArgs(argv: string[]): TPullOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { registry: { type: "string", short: "r" }, workspace: { type: "string", short: "w" }, token: { type: "string", short: "t" }, out: { type: "string", short: "o" }, force: { type: "boolean", default: false }, json: { type: "boolean", default: false } },
    });
  } catch (e) {
    asUsageError(e);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliUsageError("Name exactly one skill: <name>[@version|@tag].");
  const [name, ref = "latest"] = positionals[0]!.split("@");
  if (!name || !/^[a-z0-9][a-z0-9-]*$/.test(name) || !ref) throw new CliUsageError(`"${positionals[0]}" is not <name>[@version|@tag].`);
  if (!values.registry) throw new CliUsageError("--registry <url> is required.");
  if (!values.out) throw new CliUsageError("--out <dir> is required (e.g. .claude/skills/<name>).");
  let registry: URL;
  try {
    registry = new URL(values.registry);
  } catch {
    throw new CliUsageError(`--registry: "${values.registry}" is not a URL.`);
  }
  const inUrl = /\/api\/registry\/([^/]+)\/?$/.exec(registry.pathname);
  const base = inUrl ? registry.href.slice(0, registry.href.indexOf("/api/registry/")) : registry.origin + registry.pathname.replace(/\/$/, "");
  return { name, ref, registry: base, workspace: values.workspace ?? inUrl?.[1] ?? DEFAULT_WORKSPACE, token: values.token, out: values.out, force: values.force, json: values.json };
}

async function fetchOk(url: string, token: string | undefined): Promise<Response> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }).catch((e: unknown) => {
    throw new AppError("unavailable:registry", `Cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  const reason = body?.error?.message ?? res.statusText;
  if (res.status === 401 || res.status === 403) throw new AppError("forbidden:registry", `${res.status} from the registry: ${reason}${token ? "" : " (pass --token <key>)"}`);
  if (res.status === 404) throw new AppError("not_found:registry", `404 from the registry: ${reason}`);
  throw new AppError("unavailable:registry", `${res.status} from ${url}: ${reason}`);
}

/** The archive's files, checked against the manifest; throws on any mismatch or a stray entry. */
export function verifyArchive(manifest: TPullManifest, zip: Uint8Array): Map<string, Uint8Array> {
  const entries = unzipSync(zip);
  const prefix = `${manifest.name}/`;
  const files = new Map<string, Uint8Array>();
  for (const [entry, bytes] of Object.entries(entries)) {
    if (entry.endsWith("/")) continue;
    const rel = entry.startsWith(prefix) ? entry.slice(prefix.length) : "";
    if (!rel || rel.split("/").some((s) => s === "" || s === "." || s === "..") || path.isAbsolute(rel)) throw new AppError("invalid_input:archive", `The archive holds an entry outside ${prefix}: ${entry}`);
    files.set(rel, bytes);
  }
  const expected = new Map(manifest.files.map((f) => [f.path, f]));
  for (const rel of files.keys()) if (!expected.has(rel)) throw new AppError("invalid_input:archive", `The archive holds ${rel}, which the manifest does not list.`);
  for (const [rel, f] of expected) {
    const bytes = files.get(rel);
    if (!bytes) throw new AppError("invalid_input:archive", `The archive lacks ${rel}.`);
    if (bytes.byteLength !== f.size || sha256OfBytes(bytes) !== f.sha256) throw new AppError("invalid_input:archive", `${rel} does not match its sha256 in the manifest.`);
  }
  if (hashSkillContentBytes(files) !== manifest.contentHash) throw new AppError("invalid_input:archive", "The files do not add up to the manifest's content hash.");
  return files;
}

async function refuseNonEmpty(out: string, force: boolean): Promise<void> {
  const entries = await fs.readdir(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    if (e.code === "ENOTDIR") throw new AppError("conflict:out", `${out} exists and is not a directory.`);
    throw e;
  });
  if (entries.length && !force) throw new AppError("conflict:out", `${out} is not empty; pass --force to replace it.`);
}

/** Writes beside the target first, then swaps it in, so a failed write never leaves half a skill. */
async function writeSkillDir(out: string, files: Map<string, Uint8Array>): Promise<void> {
  const staging = `${out.replace(/[\\/]$/, "")}.t2s-pull-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  for (const [rel, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await fs.mkdir(path.dirname(path.join(staging, rel)), { recursive: true });
    await fs.writeFile(path.join(staging, rel), bytes);
  }
  await fs.rm(out, { recursive: true, force: true });
  await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await fs.rename(staging, out);
}

export async function runPull(o: TPullOptions, io: TCliIo): Promise<number> {
  await refuseNonEmpty(o.out, o.force);
  const base = `${o.registry}/api/registry/${encodeURIComponent(o.workspace)}/skills/${encodeURIComponent(o.name)}`;
  const manifest = ZPullManifest.parse(await (await fetchOk(`${base}/${encodeURIComponent(o.ref)}`, o.token)).json());
  const zip = new Uint8Array(await (await fetchOk(`${base}/${encodeURIComponent(manifest.version)}/archive.zip`, o.token)).arrayBuffer());
  const files = verifyArchive(manifest, zip);
  await writeSkillDir(o.out, files);
  if (manifest.deprecated) io.stderr(`warning: ${manifest.name}@${manifest.version} is deprecated: ${manifest.deprecated}\n`);
  if (o.json) io.stdout(`${JSON.stringify({ name: manifest.name, version: manifest.version, contentHash: manifest.contentHash, files: manifest.files.length, out: path.resolve(o.out), deprecated: manifest.deprecated })}\n`);
  else io.stdout(`Pulled ${manifest.name}@${manifest.version} (${manifest.files.length} files, ${manifest.contentHash.slice(0, 12)}) into ${o.out}\n`);
  return 0;
}

export const pullCommand: TCommand<TPullOptions> = { name: "pull", usage: USAGE, needsDatabase: false, parse: parsePullArgs, run: runPull };
