import type { TSkillFiles } from "./patch";
import { lintFrontMatter } from "./lint-front-matter";
import { findReferenceLinks, isReferencePath } from "./links";
import { PLACEHOLDER_HEADER } from "./locate-edit";
import { parseSections, splitLines } from "./sections";

// LINT: the Agent Skills rules (trace2skill-method.md §1.1) plus the review findings the released
// official skills show are needed (an empty "## New Section", SKILL.md over its limit, orphaned
// references). Errors block publishing; warnings are shown to the reviewer.

export type TLintSeverity = "error" | "warning";
export type TLintFinding = { rule: string; severity: TLintSeverity; file: string; /** 1-based */ line: number; message: string };
export type TLintOptions = {
  /** The folder / registry name the front-matter name must equal. */
  skillName?: string;
  maxSkillLines?: number;
  maxReferenceLines?: number;
  /** References longer than this need a table of contents. */
  tocAfterLines?: number;
};

export const LINT_DEFAULTS = { maxSkillLines: 500, maxReferenceLines: 300, tocAfterLines: 100 } as const;

export function lintSkill(files: TSkillFiles, options: TLintOptions = {}): TLintFinding[] {
  const o = { ...LINT_DEFAULTS, ...options };
  const skill = files["SKILL.md"];
  if (skill === undefined) return [{ rule: "skill-md/missing", severity: "error", file: "SKILL.md", line: 1, message: "the skill has no SKILL.md at its root" }];
  const out = lintFrontMatter(skill, options.skillName);

  const skillLines = countLines(skill);
  if (skillLines >= o.maxSkillLines) out.push({ rule: "skill-md/too-long", severity: "error", file: "SKILL.md", line: o.maxSkillLines, message: `SKILL.md has ${skillLines} lines; it must stay under ${o.maxSkillLines} (move detail to references/)` });

  const links = findReferenceLinks(skill);
  for (const link of links) {
    if (files[link.path] === undefined) out.push({ rule: "link/broken", severity: "error", file: "SKILL.md", line: link.line, message: `links ${link.path}, which does not exist` });
  }
  const linked = new Set(links.map((l) => l.path));
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (!path.endsWith(".md")) continue;
    out.push(...lintHeadings(path, text));
    if (path.startsWith("references/") && !isReferencePath(path)) out.push({ rule: "reference/layout", severity: "warning", file: path, line: 1, message: `${path}: references are kept one level deep (references/<name>.md) so SKILL.md can link each one` });
    if (!isReferencePath(path)) continue;
    const lines = countLines(text);
    if (lines >= o.maxReferenceLines) out.push({ rule: "reference/too-long", severity: "error", file: path, line: o.maxReferenceLines, message: `${path} has ${lines} lines; it must stay under ${o.maxReferenceLines}` });
    if (!linked.has(path)) out.push({ rule: "reference/orphan", severity: "warning", file: path, line: 1, message: `${path} is not linked from SKILL.md, so an agent will not know when to read it` });
    if (lines > o.tocAfterLines && !hasTableOfContents(text)) out.push({ rule: "reference/no-toc", severity: "warning", file: path, line: 1, message: `${path} has ${lines} lines and no table of contents` });
  }
  return out;
}

export function hasLintErrors(findings: readonly TLintFinding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

/** Empty headings (nothing before the next header of the same or a higher level) and the add_section placeholder. */
function lintHeadings(file: string, text: string): TLintFinding[] {
  const lines = splitLines(text);
  const out: TLintFinding[] = [];
  for (const s of parseSections(text)) {
    if (s.header === PLACEHOLDER_HEADER) out.push({ rule: "heading/placeholder", severity: "error", file, line: s.start + 1, message: `placeholder heading "${PLACEHOLDER_HEADER}": give the section a real title` });
    const body = lines.slice(s.start + 1, s.end);
    if (body.every((l) => l.trim() === "")) out.push({ rule: "heading/empty", severity: "error", file, line: s.start + 1, message: `heading "${s.header}" has no content` });
  }
  return out;
}

/** A heading that says so, or a list of at least two in-page links. */
function hasTableOfContents(text: string): boolean {
  if (parseSections(text).some((s) => /\b(table of )?contents\b|\btoc\b/i.test(s.title))) return true;
  return splitLines(text).filter((l) => /^\s*(?:[-*+]|\d+\.)\s+\[[^\]]+\]\(#[^)]+\)/.test(l)).length >= 2;
}

/** Lines as an editor shows them: a final newline does not start another line. */
export function countLines(text: string): number {
  if (text === "") return 0;
  const n = text.split("\n").length;
  return text.endsWith("\n") ? n - 1 : n;
}
