import path from "node:path/posix";
import type { TFormat, TParsed, TParseIssue, TProbe } from "../format";
import type { TTokens } from "../model";
import { contentText, finishTrajectory, StepBuilder, toArgs } from "../normalize";
import { readText, type TSourceFile } from "../source";

// SWE-agent `.traj` files (0.x and 1.x), doc §A6. Steps come from trajectory[] (one entry per
// agent turn: thought, action, observation); history[] only supplies the prompts and, in
// function-calling configs, the tool names and call ids. Outcome stays unknown: SWE-bench
// results live in separate reports, and exit_status is the agent's own view.

type TRecord = Record<string, unknown>;

const isRecord = (v: unknown): v is TRecord => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);

function isTraj(v: unknown): v is TRecord {
  return isRecord(v) && Array.isArray(v.trajectory) && Array.isArray(v.history) && isRecord(v.info);
}

// SWE-agent's edit command refuses (and reverts) an edit that fails its linter with this text.
const EDIT_REJECTED = /^\s*Your proposed edit has introduced new syntax error/;

const isDemo = (h: TRecord) => h.is_demo === true || h.is_demo === "True" || h.message_type === "demonstration";

async function* parse(file: TSourceFile): AsyncGenerator<TParsed> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readText(file));
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `not valid JSON: ${(err as Error).message}` } };
    return;
  }
  if (!isTraj(doc)) {
    yield { kind: "rejected", issue: { file: file.name, reason: "not a SWE-agent trajectory (trajectory[], history[], info)" } };
    return;
  }
  const issues: TParseIssue[] = [];
  const history = (doc.history as unknown[]).filter(isRecord).filter((h) => !isDemo(h));
  const replay = readReplayConfig(doc.replay_config);
  const b = new StepBuilder();
  const system = history.find((h) => h.role === "system");
  if (system) b.add({ role: "system", kind: "message", text: contentText(system.content) });
  const prompt = history.find((h) => h.role === "user");
  if (prompt) b.add({ role: "user", kind: "message", text: contentText(prompt.content) });

  const entries = doc.trajectory as unknown[];
  if (entries.length > 0) addTrajectorySteps(b, entries, history, file.name, issues);
  else addHistorySteps(b, history.slice(history.indexOf(prompt as TRecord) + 1));
  for (const issue of issues) yield { kind: "rejected", issue };

  const info = doc.info as TRecord;
  const stats = isRecord(info.model_stats) ? info.model_stats : {};
  const instanceId = path.basename(file.name).replace(/\.traj(\.json)?$|\.json$/, "");
  const tokens: TTokens = { input: num(stats.tokens_sent) ?? 0, output: num(stats.tokens_received) ?? 0 };
  try {
    yield {
      kind: "trajectory",
      trajectory: finishTrajectory({
        externalId: instanceId,
        taskId: str(problemStatement(replay)?.id) ?? instanceId,
        instruction: str(problemStatement(replay)?.text) ?? contentText(prompt?.content),
        outcome: "unknown",
        model: modelName(replay, file.name),
        harness: "swe-agent",
        steps: b.steps,
        tokens,
        metadata: Object.fromEntries(
          Object.entries({
            exitStatus: info.exit_status,
            submission: info.submission,
            modelStats: info.model_stats,
            editedFiles: info.edited_files30 || undefined,
            environment: typeof doc.environment === "string" ? doc.environment : undefined,
            demonstrationsSkipped: (doc.history as unknown[]).filter((h) => isRecord(h) && isDemo(h)).length || undefined,
            sourceFile: file.name,
          }).filter(([, v]) => v !== undefined && v !== null && v !== ""),
        ),
      }),
    };
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `trajectory failed validation: ${(err as Error).message}` } };
  }
}

function addTrajectorySteps(b: StepBuilder, entries: unknown[], history: TRecord[], fileName: string, issues: TParseIssue[]) {
  const assistants = history.filter((h) => h.role === "assistant");
  let cursor = 0;
  entries.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.action !== "string") {
      issues.push({ file: fileName, record: `trajectory[${i}]`, field: "action", reason: "trajectory entry has no action string" });
      return;
    }
    // The history message that produced this action carries its function-calling name and id.
    const at = assistants.findIndex((h, k) => k >= cursor && h.action === entry.action);
    const source = at >= 0 ? assistants[at] : undefined;
    if (at >= 0) cursor = at + 1;
    const fnCall = Array.isArray(source?.tool_calls) ? source.tool_calls.find(isRecord) : undefined;
    const fn = isRecord(fnCall?.function) ? fnCall.function : undefined;
    const thought = str(entry.thought);
    if (thought) b.add({ role: "assistant", kind: "thought", text: thought });
    const action = entry.action.replace(/\s+$/, "");
    const toolCallId = str(fnCall?.id) ?? `swe-${i + 1}`;
    b.add({
      role: "assistant",
      kind: "tool_call",
      text: "",
      toolName: str(fn?.name) ?? (action.split(/\s/)[0] || "noop"),
      toolArgs: fn ? toArgs(fn.arguments) : { command: action },
      toolCallId,
    });
    if (entry.observation !== undefined && entry.observation !== null) {
      const text = contentText(entry.observation);
      b.add({ role: "tool", kind: "tool_result", text, toolCallId, isError: EDIT_REJECTED.test(text) || undefined });
    }
  });
}

/** Trajectories saved without trajectory[] still have the chat view: assistant turns then tool output. */
function addHistorySteps(b: StepBuilder, history: TRecord[]) {
  history.forEach((h, i) => {
    const text = contentText(h.content);
    if (h.role === "assistant") {
      if (str(h.thought)) b.add({ role: "assistant", kind: "thought", text: h.thought as string });
      if (str(h.action)) b.add({ role: "assistant", kind: "tool_call", text: "", toolName: (h.action as string).trim().split(/\s/)[0], toolArgs: { command: (h.action as string).trim() }, toolCallId: `swe-h${i}` });
      else if (text) b.add({ role: "assistant", kind: "message", text });
    } else if (h.role === "user" || h.role === "tool") {
      const call = b.takeLastOpenCall();
      if (call) b.add({ role: "tool", kind: "tool_result", text, toolCallId: call.toolCallId });
      else b.add({ role: "user", kind: "message", text });
    }
  });
}

function readReplayConfig(v: unknown): TRecord | undefined {
  if (isRecord(v)) return v;
  if (typeof v !== "string") return undefined;
  try {
    const parsed = JSON.parse(v);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function problemStatement(replay: TRecord | undefined): TRecord | undefined {
  return isRecord(replay?.problem_statement) ? replay.problem_statement : undefined;
}

/** 1.x keeps the model in replay_config; 0.x run folders are named `<model>__<data>__<config>__t-…`. */
function modelName(replay: TRecord | undefined, fileName: string): string | undefined {
  const agent = isRecord(replay?.agent) ? replay.agent : undefined;
  const model = isRecord(agent?.model) ? str(agent.model.name) : undefined;
  if (model) return model;
  const run = /^([^/]+?)__.+__t-\d/.exec(path.basename(path.dirname(fileName)));
  return run?.[1];
}

export const sweAgentFormat: TFormat = {
  id: "swe-agent",
  label: "SWE-agent trajectory (.traj)",
  detect: (probe: TProbe) => isTraj(probe.json),
  parse,
};
