import { listReferencePaths } from "../skills/links";
import { parseSections } from "../skills/sections";
import type { TSkillFiles } from "../skills/patch";
import { LOW_SUPPORT_REFERENCE, type TRunConfig } from "./run-config";
import { supportOf, unionSorted, type TOutcomeOf, type TSourcedEdit } from "./sourced-edit";

// Min support (issue 6 item 3): an edit resting on fewer distinct trajectories than the run's
// minimum is never dropped silently. "reference" moves it into a low-support reference file, as the
// paper routes idiosyncratic lessons to references/ (App. C.3): each such edit becomes one append to
// that file, so a curator still decides on it alone; the file's skeleton and its SKILL.md link are
// two more items carrying the union of their sources. "hold" keeps it as it is, marked, so it is
// shown but stays out of the skill unless someone accepts it.

export type TRoutedEdit = TSourcedEdit & { lowSupport: boolean; routedFrom?: string; generated?: "low_support_skeleton" | "low_support_link" };

const OBSERVATIONS = "## Observations";

function describeEdit(e: TSourcedEdit): string {
  const where = e.target_section ?? e.after_section ?? e.file;
  return `${e.op} in ${e.file}${where !== e.file ? ` (${where})` : ""}`;
}

export function routeLowSupport(edits: readonly TSourcedEdit[], base: TSkillFiles, config: Pick<TRunConfig, "minSupport" | "lowSupport">, outcomeOf: TOutcomeOf): TRoutedEdit[] {
  const low = edits.filter((e) => supportOf(e, outcomeOf).total < config.minSupport);
  const main: TRoutedEdit[] = edits.filter((e) => !low.includes(e)).map((e) => ({ ...e, lowSupport: false }));
  if (!low.length) return main;
  if (config.lowSupport === "hold") return [...main, ...low.map((e) => ({ ...e, lowSupport: true }))];

  const trajectoryIds = unionSorted(low.map((e) => e.trajectoryIds));
  const lessonIds = unionSorted(low.map((e) => e.lessonIds));
  const generated: TRoutedEdit[] = [];
  const existing = base[LOW_SUPPORT_REFERENCE];
  if (existing === undefined || !parseSections(existing).some((s) => s.header === OBSERVATIONS)) {
    generated.push({
      id: "low-support.skeleton",
      file: LOW_SUPPORT_REFERENCE,
      op: existing === undefined ? "create" : "add_section",
      content:
        existing === undefined
          ? `# Low-support lessons\n\nGuidance seen in fewer than ${config.minSupport} trajectories. Read it when a task looks like one of these cases; it is less proven than SKILL.md.\n\n${OBSERVATIONS}\n`
          : `${OBSERVATIONS}\n`,
      trajectoryIds,
      lessonIds,
      lowSupport: true,
      generated: "low_support_skeleton",
    });
  }
  if (!listReferencePaths(base["SKILL.md"] ?? "").has(LOW_SUPPORT_REFERENCE)) {
    generated.push({
      id: "low-support.link",
      file: "SKILL.md",
      op: "add_section",
      content: `## Less Common Cases\n\nRead [${LOW_SUPPORT_REFERENCE}](${LOW_SUPPORT_REFERENCE}) when a task does not fit the procedure above: it collects rarer observations.`,
      trajectoryIds,
      lessonIds,
      lowSupport: true,
      generated: "low_support_link",
    });
  }
  const routed = low.map<TRoutedEdit>((e) => ({
    ...e,
    id: `${e.id}.routed`,
    file: LOW_SUPPORT_REFERENCE,
    op: "append_to_section",
    target_section: OBSERVATIONS,
    target_text: undefined,
    old_text: undefined,
    after_section: undefined,
    content: `- (${describeEdit(e)}) ${e.content.trim().replace(/\n+/g, " ")}`,
    lowSupport: true,
    routedFrom: e.id,
  }));
  return [...main, ...generated, ...routed];
}
