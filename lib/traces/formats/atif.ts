import path from "node:path/posix";
import type { TFormat, TParsed, TParseIssue, TParseOptions, TProbe } from "../format";
import { asText, finishTrajectory, outcomeFromReward, StepBuilder, toArgs, toIso } from "../normalize";
import { readText, type TSourceFile } from "../source";

// ATIF (Agent Trajectory Interchange Format) as written by Harbor / Terminal-Bench, doc §A5.
// The grade lives beside the trajectory (<trial>/result.json, <trial>/verifier/reward.txt) and a
// summarized run continues in another file named by `continued_trajectory_ref`.

type TRecord = Record<string, unknown>;
type TSegment = { file: TSourceFile; doc: TRecord };
type TGrade = { reward?: number; taskId?: string; metadata: TRecord };

const MAX_SEGMENTS = 50;
// terminus-2 feeds a reply it could not parse back as an observation with no tool call.
const HARNESS_ERROR = /^(Previous response had parsing errors|ERROR:)/;

const isRecord = (v: unknown): v is TRecord => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function isAtif(v: unknown): v is TRecord {
  return isRecord(v) && typeof v.schema_version === "string" && v.schema_version.startsWith("ATIF-v") && Array.isArray(v.steps) && isRecord(v.agent);
}

function graderDirs(trajectoryName: string): string[] {
  const dir = path.dirname(trajectoryName);
  return path.basename(dir) === "agent" ? [path.dirname(dir), dir] : [dir];
}

function secondaryFiles(names: string[]): string[] {
  const all = new Set(names);
  const trajectoryDirs = new Set(
    names.filter((n) => /(^|\/)[^/]*trajectory[^/]*\.json$/.test(n)).flatMap(graderDirs).map((d) => (d === "." ? "" : d)),
  );
  return names.filter((n) => {
    const cont = /^(.*)\.cont-\d+\.json$/.exec(n);
    if (cont) return all.has(`${cont[1]}.json`);
    const base = path.basename(n);
    let dir = path.dirname(n);
    if (base.startsWith("reward.") && path.basename(dir) === "verifier") dir = path.dirname(dir);
    else if (base !== "result.json" && base !== "reward.txt" && base !== "reward.json") return false;
    return trajectoryDirs.has(dir === "." ? "" : dir);
  });
}

async function readJson(file: TSourceFile): Promise<{ value?: unknown; error?: string }> {
  try {
    return { value: JSON.parse(await readText(file)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function* parse(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  const { value, error } = await readJson(file);
  if (!isAtif(value)) {
    yield { kind: "rejected", issue: { file: file.name, reason: error ? `not valid JSON: ${error}` : "not an ATIF document (schema_version, agent, steps[])" } };
    return;
  }
  const issues: TParseIssue[] = [];
  const segments = await followContinuations({ file, doc: value }, issues);
  const grade = await readGrade(file, issues);
  const b = new StepBuilder();
  const subagentRefs: unknown[] = [];
  let copiedSkipped = 0;
  for (const [n, seg] of segments.entries()) {
    (seg.doc.steps as unknown[]).forEach((step, i) => {
      if (!isRecord(step) || !["system", "user", "agent"].includes(step.source as string)) {
        issues.push({ file: seg.file.name, record: `steps[${i}]`, field: "source", reason: "step is not an object with source system|user|agent" });
        return;
      }
      // A continuation repeats the context it was started with; keep only what is new.
      const copied = n > 0 && (step.is_copied_context === true || (isRecord(step.extra) && step.extra.is_copied_context === true));
      if (copied && b.steps.some((s) => s.text === asText(step.message))) return void copiedSkipped++;
      addStep(b, step, subagentRefs);
    });
  }
  for (const issue of issues) yield { kind: "rejected", issue };
  const agent = value.agent as TRecord;
  const firstUser = (value.steps as unknown[]).find((s) => isRecord(s) && s.source === "user") as TRecord | undefined;
  const model = str(agent.model_name) ?? (value.steps as TRecord[]).map((s) => isRecord(s) && str(s.model_name)).find(Boolean);
  try {
    const trajectory = finishTrajectory({
      externalId: str(value.session_id) ?? path.basename(file.name).replace(/\.json$/, ""),
      taskId: grade.taskId,
      instruction: asText(firstUser?.message),
      outcome: outcomeFromReward(grade.reward, opts.successThreshold),
      reward: grade.reward,
      model: model || undefined,
      harness: str(agent.name) ?? "atif",
      steps: b.steps,
      metadata: Object.fromEntries(
        Object.entries({
          schemaVersion: value.schema_version,
          agentVersion: agent.version,
          agentExtra: agent.extra,
          notes: value.notes,
          finalMetrics: segments.map((s) => s.doc.final_metrics).filter(Boolean),
          segments: segments.length > 1 ? segments.map((s) => s.file.name) : undefined,
          copiedContextSkipped: copiedSkipped || undefined,
          subagentRefs: subagentRefs.length ? subagentRefs : undefined,
          ...grade.metadata,
          sourceFile: file.name,
        }).filter(([, v]) => v !== undefined),
      ),
    });
    yield { kind: "trajectory", trajectory };
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `trajectory failed validation: ${(err as Error).message}` } };
  }
}

/** One ATIF step = the turn's reasoning, message, tool calls and their observations, in that order. */
function addStep(b: StepBuilder, step: TRecord, subagentRefs: unknown[]) {
  const timestamp = toIso(step.timestamp);
  const text = asText(step.message);
  if (step.source !== "agent") {
    if (text) b.add({ role: step.source === "user" ? "user" : "system", kind: "message", text, timestamp });
  } else {
    const m = isRecord(step.metrics) ? step.metrics : {};
    let tokens = num(m.prompt_tokens) !== undefined || num(m.completion_tokens) !== undefined
      ? { input: num(m.prompt_tokens) ?? 0, output: num(m.completion_tokens) ?? 0, ...(num(m.cached_tokens) !== undefined ? { cached: num(m.cached_tokens) } : {}) }
      : undefined;
    const take = () => [tokens, (tokens = undefined)][0];
    const reasoning = asText(step.reasoning_content);
    if (reasoning) b.add({ role: "assistant", kind: "thought", text: reasoning, timestamp, tokens: take() });
    if (text) b.add({ role: "assistant", kind: "message", text, timestamp, tokens: take() });
    for (const call of Array.isArray(step.tool_calls) ? step.tool_calls.filter(isRecord) : []) {
      b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(call.function_name) ?? "unknown", toolArgs: toArgs(call.arguments), toolCallId: str(call.tool_call_id), timestamp, tokens: take() });
    }
  }
  const calls = Array.isArray(step.tool_calls) ? step.tool_calls.filter(isRecord) : [];
  const results = isRecord(step.observation) && Array.isArray(step.observation.results) ? step.observation.results.filter(isRecord) : [];
  for (const r of results) {
    if (Array.isArray(r.subagent_trajectory_ref)) subagentRefs.push(...r.subagent_trajectory_ref);
    const content = asText(r.content);
    if (!content && r.content == null) continue;
    // A null source_call_id belongs to the step's only call when there is exactly one.
    const toolCallId = str(r.source_call_id) ?? (calls.length === 1 ? str(calls[0].tool_call_id) : undefined);
    if (step.source !== "agent") b.add({ role: "system", kind: "message", text: content, timestamp });
    else if (!toolCallId && HARNESS_ERROR.test(content)) b.add({ role: "system", kind: "error", text: content, isError: true, timestamp });
    else b.add({ role: "tool", kind: "tool_result", text: content, toolCallId, timestamp });
  }
}

/** Harbor names the next segment relative to the referring file; uploads may prefix both names. */
async function resolveRef(file: TSourceFile, ref: string): Promise<TSourceFile | undefined> {
  const dir = path.dirname(file.name);
  const exact = path.normalize(path.join(dir, ref)).replace(/^\.\//, "");
  const base = path.basename(file.name);
  const root = path.basename(ref).split(".")[0];
  const at = root ? base.lastIndexOf(`${root}.`) : -1;
  const prefixed = at > 0 ? path.join(dir, path.dirname(ref), base.slice(0, at) + path.basename(ref)).replace(/^\.\//, "") : undefined;
  for (const name of [exact, prefixed]) {
    const found = name ? await file.sibling(name) : undefined;
    if (found) return found;
  }
  return undefined;
}

async function followContinuations(first: TSegment, issues: TParseIssue[]): Promise<TSegment[]> {
  const segments = [first];
  const seen = new Set([first.file.name]);
  for (let seg = first; segments.length < MAX_SEGMENTS; ) {
    const ref = str(seg.doc.continued_trajectory_ref);
    if (!ref) break;
    const next = await resolveRef(seg.file, ref);
    if (!next || seen.has(next.name)) {
      issues.push({ file: seg.file.name, field: "continued_trajectory_ref", reason: next ? `continuation loops back to ${next.name}` : `continuation file ${ref} is not in the upload` });
      break;
    }
    seen.add(next.name);
    const { value, error } = await readJson(next);
    if (!isAtif(value)) {
      issues.push({ file: next.name, reason: error ? `continuation is not valid JSON: ${error}` : "continuation is not an ATIF document" });
      break;
    }
    seg = { file: next, doc: value };
    segments.push(seg);
  }
  return segments;
}

/** The verifier's reward from <trial>/result.json (TrialResult) or <trial>/verifier/reward.txt|json. */
async function readGrade(file: TSourceFile, issues: TParseIssue[]): Promise<TGrade> {
  const names = new Set(file.listNames());
  for (const dir of graderDirs(file.name)) {
    const at = (n: string) => (dir === "." ? n : `${dir}/${n}`);
    for (const name of [at("result.json"), at("verifier/reward.json"), at("verifier/reward.txt"), at("reward.json"), at("reward.txt")]) {
      const sibling = names.has(name) ? await file.sibling(name) : undefined;
      if (!sibling) continue;
      const text = await readText(sibling).catch(() => "");
      const grade = name.endsWith(".txt") ? { reward: num(Number.parseFloat(text.trim())), metadata: {} } : gradeFromJson(text);
      if (grade) return { ...grade, metadata: { ...grade.metadata, graderFile: name } };
      issues.push({ file: name, reason: "grader file could not be read as a reward" });
    }
  }
  return { metadata: {} };
}

function gradeFromJson(text: string): TGrade | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v === "number") return { reward: v, metadata: {} };
  if (!isRecord(v)) return undefined;
  const verifier = isRecord(v.verifier_result) ? v.verifier_result : v;
  const rewards = isRecord(verifier.rewards) ? verifier.rewards : isRecord(v.rewards) ? v.rewards : undefined;
  const values = rewards ? Object.values(rewards).filter((x) => num(x) !== undefined) : [];
  const reward = num(rewards?.reward) ?? num(v.reward) ?? (values.length === 1 ? (values[0] as number) : undefined);
  const exception = isRecord(v.exception_info) ? { type: v.exception_info.exception_type, message: v.exception_info.exception_message } : undefined;
  return {
    reward,
    taskId: str(v.task_name) ?? str(v.task_id),
    metadata: Object.fromEntries(Object.entries({ rewards, trialName: v.trial_name, exception }).filter(([, x]) => x !== undefined)),
  };
}

export const atifFormat: TFormat = {
  id: "atif",
  label: "ATIF trajectory (Harbor / Terminal-Bench)",
  detect: (probe: TProbe) => isAtif(probe.json),
  parse,
  secondaryFiles,
};
