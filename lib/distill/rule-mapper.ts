import { parseSections } from "../skills/sections";
import { ZPatchEdit, type TPatchEdit, type TSkillFiles } from "../skills/patch";
import type { TDistillDeps } from "./contracts";
import type { TLessonItem } from "./lessons";
import type { TMapInput, TMapOptions, TMapResult } from "./map";
import { enforcePatchRules } from "./map-guard";
import { countLines, SKILL_LIMITS } from "./skill-files";

// MAP without an LLM (./rule-based.md): each memory item (or each cause, when a record has no
// memory item) becomes one bullet, appended to the skill's existing pitfalls / practices section —
// one small additive edit per lesson, so REDUCE can count support per edit — or gathered in a new
// section when the skill has none. When SKILL.md is within the warning zone of its line limit the
// bullets go to a reference file instead, with the SKILL.md link the pairing rule requires.
// Lessons whose title the skill already contains are left out. Same signature as mapLessons.

const PLACES = {
  error: { match: /pitfall|gotcha|common (mistakes|errors)|troubleshoot|avoid|warning|don'?t/i, header: "## Common Pitfalls", reference: "references/observed-pitfalls.md", refTitle: "# Observed Pitfalls", label: "pitfalls" },
  success: { match: /workflow|best practice|proven|recommended|tips|procedure/i, header: "## Proven Practices", reference: "references/proven-practices.md", refTitle: "# Proven Practices", label: "practices" },
} as const;

const toEdit = (e: Record<string, unknown>): TPatchEdit => ZPatchEdit.parse(e);

function formatBullet(item: TLessonItem): string {
  const title = item.title.replace(/[.:]\s*$/, "");
  return `- **${title}.** ${item.content}`;
}

/** The items a rule-based patch carries: memories, else causes, minus those the skill already states. */
function chooseItems(items: TLessonItem[], base: TSkillFiles): TLessonItem[] {
  const memories = items.filter((i) => i.kind !== "failure_cause");
  const chosen = memories.length ? memories : items;
  const known = Object.values(base).join("\n").toLowerCase();
  const seen = new Set<string>();
  return chosen.filter((i) => {
    const key = i.title.toLowerCase();
    if (known.includes(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function buildSectionEdits(file: string, text: string, place: (typeof PLACES)[keyof typeof PLACES], items: TLessonItem[]): TPatchEdit[] {
  const existing = parseSections(text).find((s) => s.level >= 2 && place.match.test(s.title));
  if (existing) return items.map((i) => toEdit({ file, op: "append_to_section", target_section: existing.header, content: formatBullet(i) }));
  return [toEdit({ file, op: "add_section", content: [place.header, "", ...items.map(formatBullet)].join("\n") })];
}

function buildReferenceEdits(base: TSkillFiles, place: (typeof PLACES)[keyof typeof PLACES], items: TLessonItem[]): TPatchEdit[] {
  const skill = base["SKILL.md"] ?? "";
  const ref = place.reference;
  const out: TPatchEdit[] = [];
  if (ref in base) {
    const first = parseSections(base[ref]).find((s) => s.level === 1);
    out.push(...items.map((i) => (first ? toEdit({ file: ref, op: "append_to_section", target_section: first.header, content: formatBullet(i) }) : toEdit({ file: ref, op: "add_section", content: `## Lessons\n\n${formatBullet(i)}` }))));
  } else out.push(toEdit({ file: ref, op: "create", content: [place.refTitle, "", ...items.map(formatBullet), ""].join("\n") }));
  if (!skill.includes(ref)) {
    const link = `- Read [${ref}](${ref}) for ${place.label} observed in past runs, before starting a task of this kind.`;
    const refs = parseSections(skill).find((s) => s.level >= 2 && /reference|further reading|resources/i.test(s.title));
    out.push(refs ? toEdit({ file: "SKILL.md", op: "append_to_section", target_section: refs.header, content: link }) : toEdit({ file: "SKILL.md", op: "add_section", content: `## References\n\n${link}` }));
  }
  return out;
}

export async function mapLessonsByRules(input: TMapInput, _deps: TDistillDeps, opts: TMapOptions = {}): Promise<TMapResult> {
  const limits = opts.limits ?? SKILL_LIMITS;
  const items = chooseItems(input.lessons.items, input.base);
  const usage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };
  if (!input.lessons.items.length) return { kind: "skipped", reason: "no_lessons" };
  const place = PLACES[input.lessons.perspective];
  const skill = input.base["SKILL.md"] ?? "";
  // Each bullet is one line; a new section adds a header and a blank line.
  const grows = items.length + 3;
  const toReference = countLines(skill) + grows > limits.maxSkillLines - limits.warnWithin;
  const edits = !items.length ? [] : toReference ? buildReferenceEdits(input.base, place, items) : buildSectionEdits("SKILL.md", skill, place, items);
  const where = toReference ? `${place.reference} (SKILL.md is near its ${limits.maxSkillLines}-line limit)` : "SKILL.md";
  const patch = {
    reasoning: items.length
      ? `Rule-based MAP: ${items.length} lesson(s) of trajectory ${input.trajectoryId} (${input.lessons.perspective} perspective) added as ${place.label} to ${where}, one bullet per lesson.`
      : `Rule-based MAP: every lesson of trajectory ${input.trajectoryId} is already stated in the skill; no edit.`,
    edits,
    changelog_entries: items.map((i) => `Add ${place.label.replace(/s$/, "")}: ${i.title}`),
  };
  const enforced = enforcePatchRules(patch, input.base);
  return { kind: "patch", mapper: "rule-based", patch: enforced.patch, dropped: enforced.dropped, usage, model: "rule-based", attempts: 0, prompts: {} };
}
