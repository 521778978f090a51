import { FRONT_MATTER_KEYS, parseFrontMatter } from "./front-matter";
import type { TLintFinding } from "./lint";

// The front-matter half of the Agent Skills validator (trace2skill-method.md §1.1; Anthropic's
// skill-creator quick_validate.py). Limits are the spec's, not configurable: a skill that breaks
// them is rejected by the agents that load it.

export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 1024;
export const COMPATIBILITY_MAX = 500;

export function lintFrontMatter(text: string, skillName?: string): TLintFinding[] {
  const fm = parseFrontMatter(text);
  const out: TLintFinding[] = [];
  const error = (rule: string, line: number, message: string) => out.push({ rule, severity: "error", file: "SKILL.md", line, message });
  if (fm.errors.length) {
    const rule = fm.present ? "front-matter/yaml" : "front-matter/delimiters";
    for (const e of fm.errors) error(rule, e.line, e.message);
    return out;
  }
  const { data, keyLines } = fm;
  const lineOf = (key: string) => keyLines[key] ?? 1;
  for (const key of Object.keys(data)) {
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) error("front-matter/unknown-key", lineOf(key), `unknown front-matter key "${key}"; allowed: ${FRONT_MATTER_KEYS.join(", ")}`);
  }

  const name = data.name;
  if (name === undefined || name === null || name === "") error("name/required", 1, "front matter needs a name");
  else if (typeof name !== "string") error("name/format", lineOf("name"), "name must be a string");
  else {
    if (!/^[a-z0-9-]+$/.test(name)) error("name/format", lineOf("name"), `name "${name}" must be kebab-case: lowercase letters, digits and hyphens`);
    else if (name.startsWith("-") || name.endsWith("-") || name.includes("--")) error("name/format", lineOf("name"), `name "${name}" cannot start or end with a hyphen or contain "--"`);
    if (name.length > NAME_MAX) error("name/length", lineOf("name"), `name is ${name.length} characters; at most ${NAME_MAX}`);
    if (skillName !== undefined && name !== skillName) error("name/mismatch", lineOf("name"), `name "${name}" must equal the skill folder name "${skillName}"`);
  }

  const description = data.description;
  if (description === undefined || description === null || description === "") error("description/required", 1, "front matter needs a description");
  else if (typeof description !== "string") error("description/type", lineOf("description"), "description must be a plain string");
  else {
    if (description.length > DESCRIPTION_MAX) error("description/length", lineOf("description"), `description is ${description.length} characters; at most ${DESCRIPTION_MAX}`);
    if (/[<>]/.test(description)) error("description/angle-brackets", lineOf("description"), "description cannot contain < or >");
  }

  const compatibility = data.compatibility;
  if (compatibility !== undefined) {
    if (typeof compatibility !== "string") error("compatibility/type", lineOf("compatibility"), "compatibility must be a string");
    else if (compatibility.length > COMPATIBILITY_MAX) error("compatibility/length", lineOf("compatibility"), `compatibility is ${compatibility.length} characters; at most ${COMPATIBILITY_MAX}`);
  }
  return out;
}
