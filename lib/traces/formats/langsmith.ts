import type { TFormat, TParsed, TParseOptions, TProbe } from "../format";
import type { TTrajectory } from "../model";
import { asText, contentText, finishTrajectory, outcomeFromReward, StepBuilder, toArgs, toIso } from "../normalize";
import type { TSourceFile } from "../source";
import { asRecord, isRecord, num, openCallNamed, readJsonDocument, rejectItem, str, tryTrajectory, type TRecord } from "./api-shared";
import { inputMessages, llmOutput, rootInstruction, runModel, toolOutput } from "./langsmith-messages";
import { collectRuns, groupTraces, isRunsDocument, runExtraMetadata, runPath, type TRun, type TTrace } from "./langsmith-runs";
import { addChatMessage } from "./openai-chat-map";

// LangSmith runs (doc §A10): one trajectory per trace. LLM runs give assistant steps (the first
// one also the conversation it was called with), tool (and retriever) runs give call + result,
// chain runs are structure only (metadata.path). Outcome only from feedback scores.

const FEEDBACK_KEYS = ["correctness", "correct", "score", "reward", "accuracy", "success", "resolved"];

export const langsmithFormat: TFormat = {
  id: "langsmith",
  label: "LangSmith runs",
  detect: (probe: TProbe) => isRunsDocument(probe.json),
  parse: parseLangsmith,
};

async function* parseLangsmith(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  const doc = await readJsonDocument(file);
  if (!doc.ok) {
    yield rejectItem(file.name, doc.reason);
    return;
  }
  if (!isRunsDocument(doc.value)) {
    yield rejectItem(file.name, "not a LangSmith runs document: expected runs with run_type and trace_id/dotted_order, or {post, patch}");
    return;
  }
  const { runs, issues } = collectRuns(doc.value);
  for (const issue of issues) yield rejectItem(file.name, issue.reason, { record: issue.record, field: issue.field });
  for (const trace of groupTraces(runs)) {
    yield tryTrajectory(file.name, { record: `trace ${trace.traceId}` }, () => mapTrace(trace, opts));
  }
}

function mapTrace(trace: TTrace, opts: TParseOptions): TTrajectory {
  const { root, runs } = trace;
  const b = new StepBuilder();
  const rootInputs = asRecord(root.inputs);
  const instruction = rootInstruction(rootInputs);
  // Without an LLM run that carries its prompt, the root input is the only user turn there is.
  const prompted = runs.some((r) => r.run_type === "llm" && inputMessages(asRecord(r.inputs)).length);
  if (!prompted && instruction) b.add({ role: "user", kind: "message", text: instruction, timestamp: toIso(root.start_time) });
  let model: string | undefined;
  let seen: number | undefined;
  for (const run of runs) {
    if (run.run_type === "llm") {
      seen = addNewInputs(b, inputMessages(asRecord(run.inputs)), seen, toIso(run.start_time));
      const out = llmOutput(run);
      model ??= runModel(run, out);
      if (out.message) addChatMessage(b, out.message, { timestamp: toIso(run.end_time ?? run.start_time), tokens: out.tokens });
      if (str(run.error)) b.add({ role: "assistant", kind: "error", text: String(run.error), isError: true, timestamp: toIso(run.end_time) });
    } else if (run.run_type === "tool" || run.run_type === "retriever") {
      addToolRun(b, run);
    }
  }
  addRootAnswer(b, root);
  if (str(root.error) && !b.steps.some((s) => s.isError)) b.add({ role: "system", kind: "error", text: String(root.error), isError: true, timestamp: toIso(root.end_time) });

  const reward = feedbackScore(root.feedback_stats);
  const runtime = asRecord(asRecord(root.extra).runtime);
  const metadata: TRecord = {
    project: str(root.session_name) ?? str(root.session_id),
    sdk: [str(runtime.sdk), str(runtime.sdk_version)].filter(Boolean).join(" ") || undefined,
    rootRun: `${root.run_type}:${root.name ?? "?"}`,
    runCount: runs.length,
    path: runPath(runs),
    tags: Array.isArray(root.tags) && root.tags.length ? root.tags : undefined,
    provider: str(runExtraMetadata(root).ls_provider),
    feedback: isRecord(root.feedback_stats) ? root.feedback_stats : undefined,
  };
  return finishTrajectory({
    externalId: trace.traceId,
    taskId: str(root.reference_example_id),
    instruction,
    outcome: outcomeFromReward(reward, opts.successThreshold),
    reward,
    model,
    harness: "langsmith",
    steps: b.steps,
    metadata: Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)),
  });
}

/**
 * Each LLM run repeats the conversation so far: only messages past the previous run's input (and
 * past the echo of its answer) are new, and tool messages already answered by a tool run are not.
 */
function addNewInputs(b: StepBuilder, messages: TRecord[], seen: number | undefined, timestamp?: string): number | undefined {
  if (!messages.length) return seen;
  let start = 0;
  if (seen !== undefined && messages.length >= seen) {
    start = seen;
    while (start < messages.length && messages[start].role === "assistant") start++;
  }
  const answered = new Set(b.steps.filter((s) => s.kind === "tool_result").map((s) => s.toolCallId));
  for (const m of messages.slice(start)) {
    if (m.role === "tool" && answered.has(str(m.tool_call_id))) continue;
    addChatMessage(b, m, { timestamp });
  }
  return messages.length;
}

/** A tool run answers the LLM's open call of the same name (ids when the ToolMessage names one). */
function addToolRun(b: StepBuilder, run: TRun): void {
  const out = toolOutput(asRecord(run.outputs));
  const name = run.name ?? "tool";
  const call = b.callById(out.callId) ?? openCallNamed(b.steps, name);
  let callId = call?.toolCallId;
  if (!call) {
    const inputs = asRecord(run.inputs);
    const args = Object.keys(inputs).length === 1 && "input" in inputs ? toArgs(inputs.input) : inputs;
    callId = out.callId ?? run.id;
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: name, toolArgs: args, toolCallId: callId, timestamp: toIso(run.start_time) });
  }
  const error = str(run.error);
  const text = [out.text, error].filter(Boolean).join("\n");
  b.add({ role: "tool", kind: "tool_result", text, toolName: name, toolCallId: callId, isError: error || out.failed ? true : undefined, timestamp: toIso(run.end_time ?? run.start_time) });
}

/** A chain root's final output, when no LLM step already said it. */
function addRootAnswer(b: StepBuilder, root: TRun): void {
  if (root.run_type === "llm" || !isRecord(root.outputs)) return;
  const outputs = root.outputs;
  const value = outputs.output ?? outputs.answer ?? outputs.result ?? (Object.keys(outputs).length ? outputs : undefined);
  const text = typeof value === "string" ? value : contentText(asRecord(value).content) || asText(value);
  const last = [...b.steps].reverse().find((s) => s.role === "assistant" && s.kind === "message");
  if (text && last?.text.trim() !== text.trim()) b.add({ role: "assistant", kind: "message", text, timestamp: toIso(root.end_time) });
}

/** A grader score from feedback_stats ({key: {avg}} or {key: number}), first known key wins. */
function feedbackScore(stats: unknown): number | undefined {
  const s = asRecord(stats);
  for (const key of FEEDBACK_KEYS) {
    const v = s[key];
    const score = num(v) ?? num(asRecord(v).avg) ?? num(asRecord(v).score);
    if (score !== undefined) return score;
  }
  return undefined;
}
