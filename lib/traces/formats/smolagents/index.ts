import type { TFormat, TParsed, TParseOptions, TProbe } from "../../format";
import type { TTrajectory } from "../../model";
import { contentText, finishTrajectory, StepBuilder } from "../../normalize";
import { readLines, readText, type TSourceFile } from "../../source";
import { addSmolStep, toStepDict } from "./steps";

// smolagents (doc §A12): GAIA-style run files, one JSONL line per task with `intermediate_steps`
// (repr strings, memory dicts or chat messages), and JSON lists of memory step dicts
// (`agent.memory.get_full_steps()`). No grader runs here: `prediction` vs `true_answer` is only
// comparable through the benchmark's own scorer, so the outcome stays unknown and both are kept.

type TRecord = Record<string, unknown>;

export const smolagentsFormat: TFormat = {
  id: "smolagents",
  label: "smolagents run",
  detect,
  parse: parseSmolagents,
};

function isRunRecord(v: unknown): v is TRecord {
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as TRecord;
  return Array.isArray(o.intermediate_steps) && ("agent_name" in o || "prediction" in o);
}

function isMemoryStepList(v: unknown): v is TRecord[] {
  return Array.isArray(v) && v.some((s) => !!s && typeof s === "object" && "step_number" in s && "model_output_message" in s);
}

function detect(probe: TProbe): boolean {
  if (isRunRecord(probe.lines[0])) return true;
  const json = probe.json;
  return isRunRecord(json) || (Array.isArray(json) && isRunRecord(json[0])) || isMemoryStepList(json);
}

async function* parseSmolagents(file: TSourceFile, _opts: TParseOptions): AsyncGenerator<TParsed> {
  const first = Buffer.from(await file.head()).toString("utf8").trimStart()[0];
  if (first === "[") {
    yield* parseJsonList(file);
    return;
  }
  for await (const { line, text } of readLines(file)) {
    if (!text.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      yield reject(file, `line is not JSON: ${(err as Error).message}`, { line });
      continue;
    }
    yield mapRunSafely(record, file, `${file.name}#${line}`, { line });
  }
}

async function* parseJsonList(file: TSourceFile): AsyncGenerator<TParsed> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readText(file));
  } catch (err) {
    yield reject(file, `invalid JSON: ${(err as Error).message}`, {});
    return;
  }
  if (isMemoryStepList(doc)) {
    try {
      yield { kind: "trajectory", trajectory: mapMemoryList(doc, file.name) };
    } catch (err) {
      yield reject(file, (err as Error).message, {});
    }
    return;
  }
  const items = Array.isArray(doc) ? doc : [];
  for (let i = 0; i < items.length; i++) yield mapRunSafely(items[i], file, `${file.name}#${i}`, { record: `[${i}]` });
}

function mapRunSafely(record: unknown, file: TSourceFile, fallbackId: string, at: { line?: number; record?: string }): TParsed {
  if (!record || typeof record !== "object" || Array.isArray(record)) return reject(file, "record is not an object", at);
  const r = record as TRecord;
  if (!Array.isArray(r.intermediate_steps)) return reject(file, "missing intermediate_steps (list)", { ...at, field: "intermediate_steps" });
  try {
    return { kind: "trajectory", trajectory: mapRun(r, file.name, fallbackId), ...at };
  } catch (err) {
    return reject(file, (err as Error).message, at);
  }
}

function mapRun(r: TRecord, fileName: string, fallbackId: string): TTrajectory {
  const b = new StepBuilder();
  for (const item of r.intermediate_steps as unknown[]) addSmolStep(b, toStepDict(item));
  if (r.agent_error) b.add({ role: "system", kind: "error", text: contentText(r.agent_error), isError: true });
  const taskId = str(r.task_id);
  return finishTrajectory({
    externalId: taskId ? `${str(r.agent_name) ?? "smolagents"}:${taskId}` : fallbackId,
    taskId,
    instruction: str(r.question) ?? str(r.augmented_question) ?? firstUserText(b),
    outcome: "unknown",
    model: str(r.model_id) ?? str(r.model),
    harness: "smolagents",
    steps: b.steps,
    metadata: dropEmpty({
      sourceFile: fileName,
      agentName: r.agent_name,
      prediction: r.prediction,
      trueAnswer: r.true_answer,
      // GAIA run files name the benchmark level "task".
      gaiaLevel: r.task,
      parsingError: r.parsing_error,
      iterationLimitExceeded: r.iteration_limit_exceeded,
      agentError: r.agent_error ? contentText(r.agent_error) : undefined,
      startTime: r.start_time,
      endTime: r.end_time,
      tokenCounts: r.token_counts,
    }),
  });
}

function mapMemoryList(steps: TRecord[], fileName: string): TTrajectory {
  const b = new StepBuilder();
  for (const s of steps) addSmolStep(b, toStepDict(s));
  const task = steps.find((s) => typeof s.task === "string")?.task as string | undefined;
  return finishTrajectory({
    externalId: fileName,
    instruction: task ?? firstUserText(b),
    outcome: "unknown",
    harness: "smolagents",
    steps: b.steps,
    metadata: { sourceFile: fileName },
  });
}

function firstUserText(b: StepBuilder): string {
  return b.steps.find((s) => s.role === "user")?.text ?? "";
}

function reject(file: TSourceFile, reason: string, at: { line?: number; record?: string; field?: string }): TParsed {
  return { kind: "rejected", issue: { file: file.name, reason, ...at } };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

function dropEmpty(o: TRecord): TRecord {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
