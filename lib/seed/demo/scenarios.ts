import type { TRng } from "./prng";
import { earlyErrors } from "./python";
import { inputPath, outputPath, type TAction, type TTask, type TToolError } from "./types";
import { exploreWorkbook, listInputs } from "./workbook";

// How one run of a task unfolds. The mix mirrors what Trace2Skill saw on SpreadsheetBench: clean
// wins (explore → openpyxl script → read back), wins after a tool error, silent mistakes the grader
// catches, and runs that loop on an error and give up.

export type TScenario = "clean" | "recover" | "pitfall" | "recover-pitfall" | "stuck";

export type TPlannedRun = { scenario: TScenario; actions: TAction[]; final: string; outcome: "success" | "failure"; grader: string };

const EXPLORE_THOUGHTS = [
  "Before changing anything I'll look at the workbook: sheet names, used ranges and the first rows.",
  "Let me inspect the workbook structure first so I target the right sheet and cells.",
  "First, explore: which sheets exist, where the header row is and what the values look like.",
];

/** Scenario weights per model tier: the larger model wins more often (≈56% vs ≈41%). */
const WEIGHTS: Record<"large" | "small", [TScenario, number][]> = {
  large: [["clean", 0.34], ["recover", 0.22], ["pitfall", 0.24], ["recover-pitfall", 0.1], ["stuck", 0.1]],
  small: [["clean", 0.24], ["recover", 0.17], ["pitfall", 0.27], ["recover-pitfall", 0.14], ["stuck", 0.18]],
};

export function pickScenario(rng: TRng, tier: "large" | "small"): TScenario {
  let x = rng.next();
  for (const [s, w] of WEIGHTS[tier]) {
    if (x < w) return s;
    x -= w;
  }
  return "pitfall";
}

function explore(task: TTask, rng: TRng): TAction {
  return task.explore ?? exploreWorkbook(inputPath(task.workbook.file), task.workbook, rng.pick(EXPLORE_THOUGHTS));
}

/** The failing turn, an optional look around, then a fresh look at the input under the fixing thought. */
function recoverEarly(task: TTask, e: TToolError, rng: TRng): TAction[] {
  const look = e.id === "file-not-found" ? [listInputs([task.workbook.file, ...(task.otherInputs ?? [])])] : [];
  return [e.action, ...look, { ...explore(task, rng), thought: e.fix }];
}

const giveUp = (e: TToolError) => {
  const lines = e.action.output.split("\n").filter((l) => l && !l.startsWith("[exit code"));
  return `I could not complete the task: the script keeps failing with \`${lines[lines.length - 1]}\`. The output file may be missing or incomplete.`;
};

export function planRun(task: TTask, scenario: TScenario, rng: TRng): TPlannedRun {
  const early = earlyErrors(task.workbook.file);
  const pass = { outcome: "success" as const, grader: `PASS: every checked cell of ${task.answerPosition} matches` };
  const verify = rng.chance(0.88) ? [task.verify] : [];
  const inspect = task.inspect ? [task.inspect] : [];
  switch (scenario) {
    case "clean":
      return { scenario, actions: [explore(task, rng), ...inspect, ...task.solve, ...verify], final: task.done, ...pass };
    case "recover": {
      // A task error is what reveals the trap here, so that run skips the targeted look.
      const e = rng.chance(0.6) ? rng.pick(task.errors) : rng.pick(early);
      const fixed = task.errors.includes(e) ? [explore(task, rng), e.action, { ...task.solve[0], thought: e.fix }, ...task.solve.slice(1)] : [...recoverEarly(task, e, rng), ...inspect, ...task.solve];
      return { scenario, actions: [...fixed, task.verify], final: task.done, ...pass };
    }
    case "pitfall":
    case "recover-pitfall": {
      const p = rng.pick(task.pitfalls);
      const start = scenario === "pitfall" ? [explore(task, rng)] : recoverEarly(task, rng.pick(early), rng);
      return { scenario, actions: [...start, ...p.actions], final: p.final, outcome: "failure", grader: p.grader };
    }
    case "stuck": {
      const hard = task.errors.filter((x) => x.action.isError);
      const e = hard.length ? rng.pick(hard) : rng.pick(early);
      const retry = rng.pick(["Maybe the previous run left a partial file. I'll run the same script again from a fresh copy.", "Let me try that once more; I don't see what is wrong with the script.", "The error might be intermittent. Retrying."]);
      const tries = [e.action, { ...e.action, thought: retry }, ...(rng.chance(0.5) ? [{ ...e.action, thought: "One more attempt with the same approach." }] : [])];
      const grader = e.action.command.includes("cp ") ? task.unchanged : `FAIL: output file ${outputPath(task.workbook.file)} not found`;
      const start = hard.length ? [explore(task, rng)] : [];
      return { scenario, actions: [...start, ...tries], final: giveUp(e), outcome: "failure", grader };
    }
  }
}
