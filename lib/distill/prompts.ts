import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../errors";
import type { TChatMessage } from "../llm/types";

// Prompt templates are files (lib/distill/prompts/<name>.v<N>.md) so a run can record exactly which
// wording it used (name → version + sha256) and the UI can show them read-only. A file holds a
// `=== system ===` and a `=== user ===` part with {{placeholders}}.
//
// Where the files are: tsx runs the sources, so import.meta.url points into lib/distill; Next's
// server bundles live under .next/, where import.meta.url does not, but the server's cwd is the
// project root. So the loader tries <cwd>/lib/distill/prompts first, then the folder next to this
// module. (A standalone Next output must trace the folder: outputFileTracingIncludes.)

export type TPromptTemplate = { name: string; version: string; file: string; sha256: string; system: string; user: string };

const FILE = /^([a-z0-9-]+)\.(v\d+)\.md$/;
const PART = /^=== (system|user) ===\s*$/m;

function resolveModuleDir(): string | undefined {
  try {
    return path.join(path.dirname(fileURLToPath(import.meta.url)), "prompts");
  } catch {
    return undefined;
  }
}

/** The prompts folder: <cwd>/lib/distill/prompts, else the one beside this module. */
let foundDir: { cwd: string; dir: string } | undefined;

export function promptsDir(): string {
  // Looked up once per working directory: every LLM call of a run loads a template.
  if (foundDir?.cwd === process.cwd()) return foundDir.dir;
  const candidates = [path.join(process.cwd(), "lib", "distill", "prompts"), resolveModuleDir()].filter((d): d is string => Boolean(d));
  const found = candidates.find((d) => fs.existsSync(d));
  if (!found) throw new AppError("internal", `prompt templates not found (looked in ${candidates.join(", ")})`);
  foundDir = { cwd: process.cwd(), dir: found };
  return found;
}

const parseVersion = (v: string) => Number(v.slice(1));

function parseTemplate(name: string, version: string, file: string, raw: string): TPromptTemplate {
  const parts: Record<string, string> = {};
  const pieces = raw.split(PART);
  // split with one capture group: [preamble, "system", body, "user", body]
  for (let i = 1; i + 1 < pieces.length; i += 2) parts[pieces[i]] = pieces[i + 1].trim();
  if (parts.system === undefined || parts.user === undefined) throw new AppError("internal", `prompt ${file} needs a "=== system ===" and a "=== user ===" part`);
  return { name, version, file, sha256: createHash("sha256").update(raw).digest("hex"), system: parts.system, user: parts.user };
}

const cache = new Map<string, Map<string, TPromptTemplate>>();

/** Every template in the folder, newest version per name (or all versions with `all`). */
function readTemplates(dir: string): Map<string, TPromptTemplate> {
  const hit = cache.get(dir);
  if (hit) return hit;
  const byKey = new Map<string, TPromptTemplate>();
  for (const f of fs.readdirSync(dir).sort()) {
    const m = FILE.exec(f);
    if (m) byKey.set(`${m[1]}@${m[2]}`, parseTemplate(m[1], m[2], f, fs.readFileSync(path.join(dir, f), "utf8")));
  }
  cache.set(dir, byKey);
  return byKey;
}

function pickLatest(all: Map<string, TPromptTemplate>): Map<string, TPromptTemplate> {
  const out = new Map<string, TPromptTemplate>();
  for (const t of all.values()) {
    const cur = out.get(t.name);
    if (!cur || parseVersion(t.version) > parseVersion(cur.version)) out.set(t.name, t);
  }
  return out;
}

export type TPromptOptions = { dir?: string; /** name → version to pin (default: the newest). */ pins?: Record<string, string> };

/** One template: the pinned version, else the newest. */
export function loadPrompt(name: string, opts: TPromptOptions = {}): TPromptTemplate {
  const all = readTemplates(opts.dir ?? promptsDir());
  const pinned = opts.pins?.[name];
  const t = pinned ? all.get(`${name}@${pinned}`) : pickLatest(all).get(name);
  if (!t) throw new AppError("internal", `prompt template ${name}${pinned ? `@${pinned}` : ""} not found`);
  return t;
}

/** {{key}} replaced by vars[key] in one pass (a value containing "{{x}}" is not expanded again); a missing key is a bug. */
export function renderTemplate(text: string, vars: Record<string, string | number>, file = "template"): string {
  return text.replace(/\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new AppError("internal", `prompt ${file}: no value for {{${key}}}`);
    return String(vars[key]);
  });
}

export function renderPrompt(t: TPromptTemplate, vars: Record<string, string | number>): TChatMessage[] {
  return [
    { role: "system", content: renderTemplate(t.system, vars, t.file) },
    { role: "user", content: renderTemplate(t.user, vars, t.file) },
  ];
}

/** name → version of the templates a run would use, for DistillRun.promptVersions. */
export function promptVersions(opts: TPromptOptions = {}): Record<string, string> {
  return Object.fromEntries([...pickLatest(readTemplates(opts.dir ?? promptsDir())).values()].map((t) => [t.name, opts.pins?.[t.name] ?? t.version]));
}

/** name → sha256 of the exact file content used, so an edited template under an unchanged version shows. */
export function promptHashes(opts: TPromptOptions = {}): Record<string, string> {
  return Object.fromEntries(Object.keys(promptVersions(opts)).map((name) => [name, loadPrompt(name, opts).sha256]));
}

/** Every template (all versions), for the read-only prompt viewer. */
export function listPrompts(opts: { dir?: string } = {}): TPromptTemplate[] {
  return [...readTemplates(opts.dir ?? promptsDir()).values()];
}
