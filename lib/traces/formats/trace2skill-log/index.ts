import type { TFormat, TParsed, TParseOptions, TProbe } from "../../format";
import { finishTrajectory } from "../../normalize";
import type { TSourceFile } from "../../source";
import { findGrade, isResultsFile, readLogName } from "./grade";
import { readJsonlLog, readMarkdownLog, type TRawLog } from "./read";
import { buildSteps } from "./turns";

// Trace2Skill official agent logs (doc §A13, trace2skill-method.md §1.2): one file per instance,
// markdown (default) or JSONL. The outcome comes from the official evaluation (results file or the
// _SUCCEED/_FAILED rename), never from the log's own "Success" line, which only records that the
// agent said ACTION: TASK_COMPLETE and wrote the output file.

export const trace2skillLogFormat: TFormat = {
  id: "trace2skill-log",
  label: "Trace2Skill agent log",
  detect,
  parse: parseTrace2SkillLog,
  secondaryFiles: (names) => names.filter(isResultsFile),
};

function detect(probe: TProbe): boolean {
  const first = probe.lines[0] as Record<string, unknown> | undefined;
  if (first && typeof first === "object" && first.type === "session_start" && "agent_name" in first) return true;
  return probe.head.trimStart().startsWith("# Chat History: ");
}

async function* parseTrace2SkillLog(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  let log: TRawLog;
  try {
    const head = Buffer.from(await file.head()).toString("utf8").trimStart();
    log = head.startsWith("{") ? await readJsonlLog(file) : await readMarkdownLog(file);
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `unreadable log: ${(err as Error).message}` } };
    return;
  }
  for (const issue of log.issues) yield { kind: "rejected", issue };
  if (!log.messages.length) {
    yield { kind: "rejected", issue: { file: file.name, reason: "no chat messages found (expected `## [n] ROLE` blocks or message lines)" } };
    return;
  }
  try {
    const { steps, taskComplete, taskPrompt } = buildSteps(log.messages);
    if (log.startedAt && steps[0] && !steps[0].timestamp) steps[0].timestamp = log.startedAt;
    if (log.result?.error) {
      steps.push({ index: steps.length, role: "system", kind: "error", text: log.result.error, isError: true, timestamp: log.result.timestamp });
    }
    const name = readLogName(file.name, log.agent);
    const grade = await findGrade(file, name, opts.successThreshold);
    const agent = log.agent ?? "trace2skill";
    const seedSuffix = name.seedDir && name.instanceId && !/_seed_\d+$/.test(name.instanceId) ? `_${name.seedDir}` : "";
    yield {
      kind: "trajectory",
      trajectory: finishTrajectory({
        externalId: name.instanceId ? `${agent}:${name.instanceId}${seedSuffix}` : file.name,
        taskId: name.instanceId?.replace(/_seed_\d+$/, ""),
        instruction: readInstruction(taskPrompt),
        outcome: grade?.outcome ?? "unknown",
        reward: grade?.reward,
        harness: "trace2skill",
        steps,
        metadata: dropEmpty({
          sourceFile: file.name,
          agentName: log.agent,
          startedAt: log.startedAt,
          seed: name.seedDir?.replace("seed_", ""),
          agentSuccess: log.result?.success,
          totalTurns: log.result?.totalTurns,
          exitStatus: taskComplete ? "task_complete" : undefined,
          error: log.result?.error,
          gradeSource: grade?.source,
          softScore: grade?.softScore,
          hardScore: grade?.hardScore,
        }),
      }),
    };
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: (err as Error).message } };
  }
}

/** The SpreadsheetBench prompt's `### instruction` section; the whole task text otherwise. */
function readInstruction(taskPrompt: string | undefined): string {
  if (!taskPrompt) return "";
  const m = /(?:^|\n)### instruction\s*\n([\s\S]*?)(?=\n### |\n---\s*\n|$)/.exec(taskPrompt);
  return (m ? m[1] : taskPrompt).trim();
}

function dropEmpty(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}
