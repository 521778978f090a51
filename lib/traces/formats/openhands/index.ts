import path from "node:path/posix";
import type { TFormat, TParsed, TParseIssue, TProbe } from "../../format";
import { asText, finishTrajectory, StepBuilder } from "../../normalize";
import { headText, readLines, readText, type TSourceFile } from "../../source";
import { addEvents, flattenHistory, isRecord, str, type TRecord } from "./events";

// OpenHands trajectories, doc §A7: the event list a user downloads (one JSON array per run) and
// evaluation output (JSONL, one EvalOutput per instance, streamed line by line).

const SOURCES = new Set(["agent", "user", "environment"]);

function isEventList(v: unknown): v is unknown[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.slice(0, 20).every((e) => isRecord(e) && "id" in e && SOURCES.has(e.source as string) && ("action" in e || "observation" in e))
  );
}

function isEvalOutput(v: unknown): v is TRecord {
  return isRecord(v) && typeof v.instance_id === "string" && Array.isArray(v.history) && ("test_result" in v || "instruction" in v);
}

function detect(probe: TProbe): boolean {
  return isEventList(probe.json) || isEvalOutput(probe.json) || probe.lines.some(isEvalOutput);
}

const mostCommon = (xs: string[]) => [...new Set(xs)].sort((a, b) => xs.filter((x) => x === b).length - xs.filter((x) => x === a).length)[0];
const clean = (o: TRecord) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ""));

async function* parse(file: TSourceFile): AsyncGenerator<TParsed> {
  const head = (await headText(file)).trimStart();
  if (head.startsWith("[")) yield* parseEventList(file);
  else yield* parseEvalOutputs(file);
}

async function* parseEventList(file: TSourceFile): AsyncGenerator<TParsed> {
  let events: unknown;
  try {
    events = JSON.parse(await readText(file));
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `not valid JSON: ${(err as Error).message}` } };
    return;
  }
  if (!Array.isArray(events)) {
    yield { kind: "rejected", issue: { file: file.name, reason: "not an OpenHands event list (JSON array of events)" } };
    return;
  }
  const issues: TParseIssue[] = [];
  const b = new StepBuilder();
  const summary = addEvents(b, flattenHistory(events), issues, { file: file.name });
  for (const issue of issues) yield { kind: "rejected", issue };
  yield build(file.name, undefined, () => ({
    externalId: path.basename(file.name).replace(/\.json$/, ""),
    instruction: summary.instruction ?? "",
    outcome: "unknown",
    model: mostCommon(summary.models),
    harness: "openhands",
    steps: b.steps,
    metadata: clean({ finished: summary.finished || undefined, events: events.length, sourceFile: file.name }),
  }));
}

async function* parseEvalOutputs(file: TSourceFile): AsyncGenerator<TParsed> {
  const seen = new Set<string>();
  try {
    for await (const { line, text } of readLines(file)) {
      if (!text.trim()) continue;
      let rec: unknown;
      try {
        rec = JSON.parse(text);
      } catch {
        yield { kind: "rejected", issue: { file: file.name, line, reason: "line is not valid JSON" } };
        continue;
      }
      if (!isRecord(rec) || typeof rec.instance_id !== "string" || !Array.isArray(rec.history)) {
        const field = isRecord(rec) && typeof rec.instance_id === "string" ? "history" : "instance_id";
        yield { kind: "rejected", issue: { file: file.name, line, field, reason: `EvalOutput line has no ${field === "history" ? "history array" : "instance_id"}` } };
        continue;
      }
      const externalId = seen.has(rec.instance_id) ? `${rec.instance_id}#${line}` : rec.instance_id;
      seen.add(rec.instance_id);
      yield* buildEvalOutput(file.name, line, rec, externalId);
    }
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `file could not be read: ${(err as Error).message}` } };
  }
}

function* buildEvalOutput(fileName: string, line: number, rec: TRecord, externalId: string): Generator<TParsed> {
  const issues: TParseIssue[] = [];
  const b = new StepBuilder();
  const summary = addEvents(b, flattenHistory(rec.history as unknown[]), issues, { file: fileName, line });
  for (const issue of issues) yield { kind: "rejected", issue };
  // A harness failure (iteration limit, crash) ends the run: keep it as the last step.
  const error = rec.error === undefined || rec.error === null ? undefined : asText(rec.error);
  if (error) b.add({ role: "system", kind: "error", text: error, isError: true });
  const meta = isRecord(rec.metadata) ? rec.metadata : {};
  const llm = isRecord(meta.llm_config) ? meta.llm_config : {};
  const testResult = isRecord(rec.test_result) ? rec.test_result : {};
  const report = isRecord(testResult.report) ? testResult.report : undefined;
  const resolved = typeof report?.resolved === "boolean" ? report.resolved : undefined;
  const reward = resolved === undefined ? undefined : resolved ? 1 : 0;
  const instance = isRecord(rec.instance) ? rec.instance : {};
  const metrics = isRecord(rec.metrics) ? rec.metrics : {};
  yield build(fileName, line, () => ({
    externalId,
    taskId: rec.instance_id as string,
    instruction: str(rec.instruction) ?? str(instance.problem_statement) ?? summary.instruction ?? "",
    // `resolved` is a binary verdict of the SWE-bench harness, so no threshold applies.
    outcome: resolved === undefined ? "unknown" : resolved ? "success" : "failure",
    reward,
    model: str(llm.model) ?? mostCommon(summary.models),
    harness: "openhands",
    steps: b.steps,
    metadata: clean({
      error,
      agentClass: meta.agent_class,
      maxIterations: meta.max_iterations,
      dataset: meta.dataset,
      repo: instance.repo,
      report,
      gitPatch: testResult.git_patch,
      costUsd: metrics.accumulated_cost,
      finished: summary.finished || undefined,
      sourceFile: fileName,
    }),
  }));
}

function build(file: string, line: number | undefined, make: () => Parameters<typeof finishTrajectory>[0]): TParsed {
  try {
    return { kind: "trajectory", trajectory: finishTrajectory(make()), line };
  } catch (err) {
    return { kind: "rejected", issue: { file, line, reason: `trajectory failed validation: ${(err as Error).message}` } };
  }
}

export const openhandsFormat: TFormat = {
  id: "openhands",
  label: "OpenHands trajectory / evaluation output",
  detect,
  parse,
};
