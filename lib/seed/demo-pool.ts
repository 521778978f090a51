import { STUDIO_SCHEMA, type TStudioLine } from "../traces/formats/studio-jsonl/schema";
import { createRng, type TRng } from "./demo/prng";
import { buildSteps, type TModel } from "./demo/run-builder";
import { pickScenario, planRun } from "./demo/scenarios";
import { csvToXlsxTask } from "./demo/tasks-csv";
import { countAboveTask, sumColumnTask } from "./demo/tasks-cells";
import { formulaColumnTask, lookupTask } from "./demo/tasks-formulas";
import { conditionalFormatTask, fixDatesTask, totalColumnTask } from "./demo/tasks-format";
import { deleteRowsTask, mergeTask, pivotTask } from "./demo/tasks-sheets";
import { inputPath, outputPath, type TTask } from "./demo/types";

// The demo pool `npm start` seeds: ReAct runs of a spreadsheet agent with one `bash` tool, in our
// own Studio JSONL. Generated, not recorded — every line says so (metadata.demo) — and
// deterministic: the same bytes on every start, so a re-seed dedupes and tests can pin it.

export const DEMO_POOL_NAME = "demo-spreadsheet-agent";
export const DEMO_POOL_FILE = "demo-spreadsheet-agent.jsonl";
export const DEMO_POOL_DESCRIPTION =
  "Generated demo data, not real agent runs: ReAct trajectories of a spreadsheet agent (bash + openpyxl) on xlsx/csv tasks, with graded successes, tool errors, recoveries and the recurring failure causes Trace2Skill found in this domain.";

const SEED = 20260302;
const INSTANCES_PER_CATEGORY = 6;
const CATEGORIES: ((rng: TRng, n: number) => TTask)[] = [sumColumnTask, countAboveTask, formulaColumnTask, lookupTask, pivotTask, mergeTask, deleteRowsTask, fixDatesTask, conditionalFormatTask, totalColumnTask, csvToXlsxTask];
const MODELS: (TModel & { tier: "large" | "small" })[] = [
  { name: "qwen3.5-122b-a10b", tier: "large", tokensPerSecond: 48, overheadSeconds: 1.4 },
  { name: "qwen3.5-35b-a3b", tier: "small", tokensPerSecond: 95, overheadSeconds: 0.8 },
];
const START_MS = Date.UTC(2026, 2, 2, 8, 0, 0);

const SYSTEM_PROMPT = [
  "You are a spreadsheet expert working in a Linux sandbox.",
  "Tool: bash — runs one shell command in /workspace. Python 3.11 with openpyxl 3.1 and pandas 2.2 is installed; /workspace/tools/recalc.py <file> [timeout] recalculates formulas with LibreOffice and reports formula errors as JSON.",
  "Read inputs only from /workspace/inputs and write results only to /workspace/outputs.",
  "Each turn: think briefly, then call exactly one tool. When the task is done, reply with TASK_COMPLETE and a one-paragraph summary.",
  "",
  "<skill name=\"xlsx\"> (inlined skill text omitted from this log) </skill>",
].join("\n");

function userPrompt(task: TTask): string {
  return [
    `Instruction: ${task.instruction}`,
    `spreadsheet_path: ${inputPath(task.workbook.file)}`,
    ...(task.otherInputs ?? []).map((f) => `additional_input: ${inputPath(f)}`),
    `instruction_type: ${task.instructionType}`,
    `answer_position: ${task.answerPosition}`,
    `output_path: ${outputPath(task.workbook.file)}`,
  ].join("\n");
}

export function buildDemoTasks(): TTask[] {
  const rng = createRng(SEED);
  return CATEGORIES.flatMap((make, c) =>
    Array.from({ length: INSTANCES_PER_CATEGORY }, (_, n) => {
      const task = make(rng.fork(`task-${c}-${n}`), n);
      return { ...task, id: `xlsx-${task.category}-${n + 1}` };
    }),
  );
}

/** The demo pool as Studio JSONL lines (one trajectory each), always the same. */
export function generateDemoPool(): TStudioLine[] {
  const rng = createRng(SEED);
  const lines: TStudioLine[] = [];
  for (const task of buildDemoTasks()) {
    const seeds = [41, 42, 43].slice(0, rng.pick([1, 2, 2, 3]));
    for (const seed of seeds) {
      const runRng = rng.fork(`${task.id}-${seed}`);
      const model = runRng.pick(MODELS);
      const plan = planRun(task, pickScenario(runRng, model.tier), runRng);
      const startMs = START_MS + lines.length * 240_000 + runRng.int(0, 180) * 1000;
      lines.push({
        schema: STUDIO_SCHEMA,
        id: `${task.id}-seed${seed}`,
        task_id: task.id,
        instruction: task.instruction,
        outcome: plan.outcome,
        reward: plan.outcome === "success" ? 1 : 0,
        model: model.name,
        harness: "react-bash",
        metadata: {
          demo: true,
          seed,
          category: task.category,
          instruction_type: task.instructionType,
          answer_position: task.answerPosition,
          spreadsheet_path: inputPath(task.workbook.file),
          output_path: outputPath(task.workbook.file),
          grader: plan.grader,
        },
        steps: buildSteps({ rng: runRng, model, startMs, system: SYSTEM_PROMPT, user: userPrompt(task), actions: plan.actions, final: plan.final }),
      });
    }
  }
  return lines;
}

export function demoPoolJsonl(): string {
  return `${generateDemoPool()
    .map((l) => JSON.stringify(l))
    .join("\n")}\n`;
}
