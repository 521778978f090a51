import { describe, expect, it } from "vitest";
import { buildXlsxSkill, XLSX_SKILL_MD } from "./fixtures/xlsx-skill";
import { countLines, hasLintErrors, lintSkill, type TLintFinding } from "./lint";

const withSkillMd = (text: string) => ({ ...buildXlsxSkill(), "SKILL.md": text });
const rules = (findings: TLintFinding[]) => findings.map((f) => [f.rule, f.line]);
const frontMatter = (yaml: string) => withSkillMd(`---\n${yaml}\n---\n\n# X\n\nSee references/formatting.md.\n`);
const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join("\n") + "\n";

describe("lintSkill", () => {
  it("the sample skill is clean, and matches its folder name", () => {
    expect(lintSkill(buildXlsxSkill(), { skillName: "xlsx" })).toEqual([]);
  });

  it("front matter must exist, be closed and parse", () => {
    const body = "# X\n\nSee references/formatting.md.\n";
    expect(rules(lintSkill(withSkillMd(body)))).toEqual([["front-matter/delimiters", 1]]);
    expect(rules(lintSkill(withSkillMd(`---\nname: x\n${body}`)))).toEqual([["front-matter/delimiters", 1]]);
    expect(rules(lintSkill(frontMatter("name: x\ndescription: 'oops")))).toEqual([["front-matter/yaml", 3]]);
  });

  it("only the allowed keys; name and description required", () => {
    const f = lintSkill(frontMatter("name: x\ndescription: d\nversion: 1\nlicense: MIT\nallowed-tools: Bash\nmetadata: {a: 1}\ncompatibility: node 22"));
    expect(rules(f)).toEqual([["front-matter/unknown-key", 4]]);
    expect(f[0]!.message).toContain('unknown front-matter key "version"');
    expect(rules(lintSkill(frontMatter("license: MIT")))).toEqual([["name/required", 1], ["description/required", 1]]);
  });

  it("name: kebab-case, no edge or double hyphens, at most 64, equal to the folder", () => {
    const nameRule = (name: string, skillName?: string) => rules(lintSkill(frontMatter(`description: d\nname: "${name}"`), { skillName }));
    expect(nameRule("Xlsx_Skill")).toEqual([["name/format", 3]]);
    expect(nameRule("-xlsx")).toEqual([["name/format", 3]]);
    expect(nameRule("xlsx-")).toEqual([["name/format", 3]]);
    expect(nameRule("xl--sx")).toEqual([["name/format", 3]]);
    expect(nameRule("a".repeat(65))).toEqual([["name/length", 3]]);
    expect(nameRule("a".repeat(64))).toEqual([]);
    expect(nameRule("xlsx", "spreadsheets")).toEqual([["name/mismatch", 3]]);
  });

  it("description: plain string, at most 1024, no angle brackets; compatibility at most 500", () => {
    expect(rules(lintSkill(frontMatter("name: x\ndescription: Use for <b>Excel</b>")))).toEqual([["description/angle-brackets", 3]]);
    expect(rules(lintSkill(frontMatter(`name: x\ndescription: ${"d".repeat(1025)}`)))).toEqual([["description/length", 3]]);
    expect(rules(lintSkill(frontMatter("name: x\ndescription:\n  - a\n  - b")))).toEqual([["description/type", 3]]);
    expect(rules(lintSkill(frontMatter(`name: x\ndescription: d\ncompatibility: ${"c".repeat(501)}`)))).toEqual([["compatibility/length", 4]]);
  });

  it("SKILL.md under 500 lines, references under 300", () => {
    const body = (n: number) => XLSX_SKILL_MD + lines(n - countLines(XLSX_SKILL_MD));
    expect(countLines(body(499))).toBe(499);
    expect(lintSkill(withSkillMd(body(499)))).toEqual([]);
    expect(lintSkill(withSkillMd(body(500)))).toEqual([{ rule: "skill-md/too-long", severity: "error", file: "SKILL.md", line: 500, message: "SKILL.md has 500 lines; it must stay under 500 (move detail to references/)" }]);
    const ref = "# Formatting\n\n## Contents\n\n- a\n\n" + lines(294);
    expect(rules(lintSkill({ ...buildXlsxSkill(), "references/formatting.md": ref }))).toEqual([["reference/too-long", 300]]);
  });

  it("broken links are errors at their line; orphaned references are warnings", () => {
    const text = XLSX_SKILL_MD.replace("before styling cells.", "before styling cells.\nCharts: references/charts.md");
    const f = lintSkill({ ...withSkillMd(text), "references/unused.md": "# Unused\n\ntext\n", "references/deep/x.md": "# X\n\nx\n" });
    expect(f.map((x) => [x.rule, x.severity, x.file, x.line])).toEqual([
      ["link/broken", "error", "SKILL.md", 38],
      ["reference/layout", "warning", "references/deep/x.md", 1],
      ["reference/orphan", "warning", "references/unused.md", 1],
    ]);
  });

  it("empty headings and the '## New Section' placeholder, fenced code ignored", () => {
    const text = XLSX_SKILL_MD + "\n## Empty\n\n## Parent\n### Child\n\nchild text\n\n## New Section\n\nAdvice.\n\n## Tail\n```\n## code\n```\n";
    const f = lintSkill(withSkillMd(text));
    const at = (line: string) => text.split("\n").indexOf(line) + 1;
    expect(rules(f)).toEqual([["heading/empty", at("## Empty")], ["heading/placeholder", at("## New Section")]]);
    expect(hasLintErrors(f)).toBe(true);
    expect(rules(lintSkill({ ...buildXlsxSkill(), "references/formatting.md": "# F\n\n## Gap\n### Also empty\n## Next\nx\n" }))).toEqual([["heading/empty", 4]]);
  });

  it("references over 100 lines need a table of contents (warning)", () => {
    const long = "# Formatting\n\n" + lines(120);
    expect(lintSkill({ ...buildXlsxSkill(), "references/formatting.md": long })).toEqual([
      { rule: "reference/no-toc", severity: "warning", file: "references/formatting.md", line: 1, message: "references/formatting.md has 122 lines and no table of contents" },
    ]);
    const withToc = "# Formatting\n\n- [Numbers](#numbers)\n- [Colors](#colors)\n\n" + lines(120);
    expect(lintSkill({ ...buildXlsxSkill(), "references/formatting.md": withToc })).toEqual([]);
    expect(hasLintErrors(lintSkill({ ...buildXlsxSkill(), "references/formatting.md": long }))).toBe(false);
  });

  it("no SKILL.md at all", () => {
    expect(rules(lintSkill({ "references/formatting.md": "# F\n\nx\n" }))[0]).toEqual(["skill-md/missing", 1]);
  });
});
