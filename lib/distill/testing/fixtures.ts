import { demoPoolJsonl } from "../../seed/demo-pool";
import { studioJsonlFormat } from "../../traces/formats/studio-jsonl";
import type { TStep, TTrajectory } from "../../traces/model";
import { collect, trajectories } from "../../testing/corpus";
import { memoryFiles } from "../../traces/source";
import { DEFAULT_PARSE_OPTIONS } from "../../traces/format";

// Test data for lib/distill: a trajectory builder with random ids, the demo pool parsed by its own
// importer, and a sample base skill.

let counter = 0;
const randomId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export type TStepSpec = Partial<TStep> & { text?: string };

export function buildTrajectory(spec: Partial<Omit<TTrajectory, "steps">> & { steps?: TStepSpec[] } = {}): TTrajectory {
  const externalId = spec.externalId ?? randomId("traj");
  return {
    externalId,
    instruction: spec.instruction ?? `Task ${externalId}`,
    outcome: spec.outcome ?? "failure",
    harness: spec.harness ?? "test",
    tokens: spec.tokens ?? { input: 0, output: 0 },
    metadata: spec.metadata ?? {},
    ...(spec.reward !== undefined ? { reward: spec.reward } : {}),
    steps: (spec.steps ?? [{ text: "hello" }]).map((s, index) => ({ role: "assistant", kind: "message", text: "", ...s, index: s.index ?? index }) as TStep),
  };
}

/** A call/result pair for a bash-like tool. */
export function bashTurn(command: string, output: string, opts: { error?: boolean; id?: string; thought?: string } = {}): TStepSpec[] {
  const id = opts.id ?? randomId("call");
  return [
    ...(opts.thought ? [{ role: "assistant" as const, kind: "thought" as const, text: opts.thought }] : []),
    { role: "assistant", kind: "tool_call", toolName: "bash", toolArgs: { command }, toolCallId: id, text: "" },
    { role: "tool", kind: "tool_result", toolName: "bash", toolCallId: id, text: output, ...(opts.error ? { isError: true } : {}) },
  ];
}

let demo: TTrajectory[] | undefined;

/** The generated demo pool, parsed by the Studio JSONL importer as an upload would be. */
export async function demoTrajectories(): Promise<TTrajectory[]> {
  if (demo) return demo;
  const [file] = memoryFiles({ "demo.jsonl": demoPoolJsonl() });
  demo = trajectories(await collect(studioJsonlFormat, file, DEFAULT_PARSE_OPTIONS));
  return demo;
}

export const SAMPLE_SKILL = {
  "SKILL.md": [
    "---",
    "name: xlsx",
    "description: Create, edit and analyse spreadsheets with openpyxl; recalculate formulas and verify results.",
    "license: Apache-2.0",
    "---",
    "",
    "# XLSX",
    "",
    "## Workflow",
    "",
    "1. Copy the input to the output path.",
    "2. Edit with openpyxl.",
    "3. Recalculate with `python3 recalc.py output.xlsx`.",
    "",
    "## Formulas",
    "",
    "Prefer formulas over hard-coded values.",
    "",
    "## Reference files",
    "",
    "- Read [references/charts.md](references/charts.md) when a task asks for a chart.",
    "",
  ].join("\n"),
  "references/charts.md": "# Charts\n\nUse openpyxl.chart.\n",
};
