import { createHash } from "node:crypto";
import semver from "semver";
import { z } from "zod";
import { parseFrontMatter, serializeFrontMatter } from "../skills/front-matter";
import { DESCRIPTION_MAX, NAME_MAX } from "../skills/lint-front-matter";
import type { TSkillFiles } from "../skills/patch";
import { hashFileSums, sha256OfBytes } from "./verify-content";

// Content rules shared by create, import and (later) publish. Version numbering of a first version:
// a skill created from scratch starts at 0.1.0 (npm's "initial development" convention: nothing has
// been proven yet); an imported skill keeps the author's `metadata.version` when it is valid semver,
// and is otherwise 1.0.0 (it is in use somewhere already, so it is not a draft).

export const CREATED_FIRST_VERSION = "0.1.0";
export const IMPORTED_DEFAULT_VERSION = "1.0.0";

/** Static segments under /api/w/[ws]/skills/ that a skill name would collide with. */
export const RESERVED_SKILL_NAMES: readonly string[] = ["import"];

export const ZSkillName = z
  .string()
  .trim()
  .min(1, "Give the skill a name.")
  .max(NAME_MAX, `At most ${NAME_MAX} characters.`)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use kebab-case: lowercase letters, digits and single hyphens (e.g. spreadsheet-basics).")
  .refine((n) => !RESERVED_SKILL_NAMES.includes(n), "This name is reserved by the API; choose another.");

export const ZSkillDescription = z
  .string()
  .trim()
  .min(1, "Say what the skill does and when an agent should use it.")
  .max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`)
  .refine((d) => !/[<>]/.test(d), "The description cannot contain < or > (agents reject it).");

export const ZCreateSkill = z.object({ name: ZSkillName, description: ZSkillDescription });
export type TCreateSkill = z.infer<typeof ZCreateSkill>;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A version's binary files (images, fonts, template workbooks) by path; never edited, only carried. */
export type TSkillBinaries = Readonly<Record<string, Uint8Array>>;

/** sha256 of each file's bytes (UTF-8 for text), by path. */
export function fileSha256s(files: TSkillFiles, binaries: TSkillBinaries = {}): Map<string, string> {
  const sums = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) sums.set(path, sha256Hex(text));
  for (const [path, bytes] of Object.entries(binaries)) sums.set(path, sha256OfBytes(bytes));
  return sums;
}

/**
 * The identity of a version's content: sha256 over one line `<path>\t<sha256 of the file's bytes>\n`
 * per file, text and binary alike, sorted by path in code-unit order. Independent of upload order and
 * of the archive's metadata; the CLI computes the same from the archive (verify-content.ts).
 */
export function hashSkillContent(files: TSkillFiles, binaries: TSkillBinaries = {}): string {
  return hashFileSums(fileSha256s(files, binaries));
}

/** The SKILL.md of a skill created from scratch: valid front matter and a body that lints clean. */
export function buildStarterSkillMd(input: TCreateSkill): string {
  const title = input.name
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
  const body = [
    "",
    `# ${title}`,
    "",
    "## When to use",
    "",
    input.description,
    "",
    "## Workflow",
    "",
    "1. Understand the task and the inputs you were given.",
    "2. Do the work in small, verifiable steps.",
    "3. Check the result before you report it as done.",
    "",
    "## Pitfalls",
    "",
    "- Distillation runs add the failure causes they find in your trajectories here.",
    "",
  ].join("\n");
  return serializeFrontMatter({ name: input.name, description: input.description }, body);
}

/** The version an imported folder gets: its own `metadata.version` when that is valid semver. */
export function pickImportedVersion(skillMd: string): string {
  const { data } = parseFrontMatter(skillMd);
  const meta = data.metadata;
  const raw = meta && typeof meta === "object" ? (meta as Record<string, unknown>).version : undefined;
  const clean = typeof raw === "string" || typeof raw === "number" ? semver.valid(String(raw)) : null;
  return clean ?? IMPORTED_DEFAULT_VERSION;
}

/**
 * The version a further import of an existing skill gets: the folder's own version when it is
 * higher than every existing one, otherwise the next minor after the highest (never a reused number).
 */
export function pickNextVersion(wanted: string, existing: readonly string[]): string {
  const highest = existing.filter((v) => semver.valid(v)).sort(semver.rcompare)[0];
  if (!highest) return wanted;
  return semver.gt(wanted, highest) ? wanted : semver.inc(highest, "minor")!;
}

/** The front-matter name and description, or null when SKILL.md does not declare them as strings. */
export function readSkillIdentity(skillMd: string): { name: string; description: string } | null {
  const { data } = parseFrontMatter(skillMd);
  if (typeof data.name !== "string" || !data.name) return null;
  return { name: data.name, description: typeof data.description === "string" ? data.description : "" };
}
