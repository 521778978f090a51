import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { AppError } from "../errors";
import { countLines } from "../skills/lint";
import type { TSkillFiles } from "../skills/patch";

// The frozen base skill as MAP sees it (../shared/trace2skill-method.md §1.6): every file with its
// line count, and a size status (SKILL.md lines against the limit, a warning within 50 lines of
// it, the reference count). Create mode starts from a minimal SKILL.md holding only front matter.

export const SKILL_LIMITS = { maxSkillLines: 500, maxReferenceLines: 300, warnWithin: 50, maxReferences: 5 } as const;
export type TSkillLimits = { maxSkillLines: number; maxReferenceLines: number; warnWithin: number; maxReferences: number };

export { countLines } from "../skills/lint";

export const isReference = (file: string) => /^references\/[^/]+\.md$/.test(file);

/** A fence longer than any backtick run inside, so a skill's own code blocks cannot close it. */
function chooseFence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

/** SKILL.md first, then references, then the rest; each with its line count. */
export function renderSkillFiles(files: TSkillFiles): string {
  const order = (f: string) => (f === "SKILL.md" ? 0 : isReference(f) ? 1 : 2);
  return Object.keys(files)
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((f) => {
      const fence = chooseFence(files[f]);
      return `### ${f} (${countLines(files[f])} lines)\n${fence}markdown\n${files[f].replace(/\n$/, "")}\n${fence}`;
    })
    .join("\n\n");
}

export function describeSizeStatus(files: TSkillFiles, limits: TSkillLimits = SKILL_LIMITS): string {
  const skillLines = countLines(files["SKILL.md"] ?? "");
  const refs = Object.keys(files).filter(isReference).sort();
  const state = skillLines >= limits.maxSkillLines ? "OVER THE LIMIT — move detail into references/ instead of adding to SKILL.md" : skillLines >= limits.maxSkillLines - limits.warnWithin ? `WARNING: within ${limits.warnWithin} lines of the limit — prefer references/ for new detail` : "ok";
  const lines = [`SKILL.md: ${skillLines} / ${limits.maxSkillLines} lines (${state})`, `references: ${refs.length} file(s) (advisory maximum ${limits.maxReferences})`];
  for (const r of refs) {
    const n = countLines(files[r]);
    lines.push(`- ${r}: ${n} / ${limits.maxReferenceLines} lines${n >= limits.maxReferenceLines ? " (over the limit)" : ""}`);
  }
  return lines.join("\n");
}

export type TFrontMatter = { /** Line index of the closing "---". */ endLine: number; /** Character offset just past the closing line. */ endOffset: number; data: Record<string, unknown> };

// The MAP guard reads the same base SKILL.md once per trajectory: the last answer is kept.
let lastFrontMatter: { text: string; fm: TFrontMatter | undefined } | undefined;

/** The YAML front matter of a SKILL.md, when it opens with one (treat the result as read-only). */
export function readFrontMatter(text: string): TFrontMatter | undefined {
  if (lastFrontMatter?.text === text) return lastFrontMatter.fm;
  const fm = parseFrontMatter(text);
  lastFrontMatter = { text, fm };
  return fm;
}

function parseFrontMatter(text: string): TFrontMatter | undefined {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) return undefined;
  let data: Record<string, unknown> = {};
  try {
    const parsed = parseYaml(lines.slice(1, end).join("\n"));
    if (parsed && typeof parsed === "object") data = parsed as Record<string, unknown>;
  } catch {
    data = {};
  }
  return { endLine: end, endOffset: lines.slice(0, end + 1).join("\n").length, data };
}

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Create mode's base skill: a SKILL.md with front matter and a title, nothing else (validated like the linter). */
export function createBaseSkill(opts: { name: string; description: string }): TSkillFiles {
  const name = opts.name.trim();
  const description = opts.description.replace(/\s+/g, " ").trim();
  if (!NAME.test(name) || name.length > 64) throw new AppError("invalid_input:skill_name", "A skill name is kebab-case (a-z, 0-9, single hyphens), at most 64 characters.");
  if (!description || description.length > 1024 || /[<>]/.test(description)) throw new AppError("invalid_input:skill_description", "A skill description is 1–1024 characters without < or >.");
  const title = name
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
  return { "SKILL.md": `---\n${stringifyYaml({ name, description }, { lineWidth: 0 }).trim()}\n---\n\n# ${title}\n` };
}
