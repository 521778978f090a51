import type { TFormat, TParsed, TParseOptions, TProbe } from "../../format";
import type { TStep, TTrajectory } from "../../model";
import { asText, finishTrajectory, outcomeFromReward, StepBuilder, toArgs } from "../../normalize";
import { readLines, type TSourceFile } from "../../source";
import { formatIssue, isGenericShape, STUDIO_SCHEMA, ZGenericLine, ZStudioLine, type TGenericLine, type TStudioLine } from "./schema";

// Studio JSONL (documented for users in ../studio-jsonl.md): one trajectory per line, for harnesses
// we have no importer for. Unlike the harness formats, an explicit `outcome` here IS a grader
// result — the user states it — so it is taken as given.

type TRecord = Record<string, unknown>;

export const studioJsonlFormat: TFormat = {
  id: "studio-jsonl",
  label: "Studio JSONL (t2s.trajectory.v1 / generic)",
  detect: (probe: TProbe) => {
    const first = probe.lines[0] as TRecord | undefined;
    return !!first && typeof first === "object" && (first.schema === STUDIO_SCHEMA || isGenericShape(first));
  },
  parse: parseStudioJsonl,
};

async function* parseStudioJsonl(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  for await (const { line, text } of readLines(file)) {
    if (!text.trim()) continue;
    const reject = (reason: string, field?: string): TParsed => ({ kind: "rejected", issue: { file: file.name, line, reason, ...(field ? { field } : {}) } });
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      yield reject(`line ${line} is not JSON: ${(err as Error).message}`);
      continue;
    }
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
      yield reject(`line ${line} is not a JSON object`);
      continue;
    }
    const o = raw as TRecord;
    const studio = "schema" in o;
    if (studio && o.schema !== STUDIO_SCHEMA) {
      yield reject(`schema: unsupported value ${JSON.stringify(o.schema)}, expected "${STUDIO_SCHEMA}"`, "schema");
      continue;
    }
    const result = studio ? ZStudioLine.safeParse(o) : ZGenericLine.safeParse(o);
    if (!result.success) {
      const issues = result.error.issues.map(formatIssue);
      const reason = issues
        .slice(0, 3)
        .map((i) => `${i.field}: ${i.message}`)
        .join("; ");
      yield reject(`line ${line}: ${reason}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ""}`, issues[0]?.field);
      continue;
    }
    try {
      const trajectory = studio
        ? mapStudio(result.data as TStudioLine, opts)
        : mapGeneric(result.data as TGenericLine, `${file.name}#${line}`, opts);
      yield { kind: "trajectory", trajectory, line };
    } catch (err) {
      yield reject(`line ${line}: ${(err as Error).message}`);
    }
  }
}

/** Explicit outcome wins (the user's grader said so); otherwise the reward decides with the threshold. */
function decideOutcome(outcome: TTrajectory["outcome"] | undefined, reward: number | undefined, threshold: number) {
  return outcome ?? outcomeFromReward(reward, threshold);
}

function mapStudio(line: TStudioLine, opts: TParseOptions): TTrajectory {
  const b = new StepBuilder();
  line.steps.forEach((s) => {
    const timestamp = s.timestamp;
    const kind = s.kind ?? defaultKind(s.role, !!s.tool_name);
    b.add({
      role: s.role,
      kind,
      text: s.text ?? "",
      toolName: s.tool_name,
      toolArgs: s.tool_args !== undefined || kind === "tool_call" ? toArgs(s.tool_args) : undefined,
      toolCallId: s.tool_call_id,
      isError: s.is_error,
      timestamp,
      tokens: s.tokens ? { input: s.tokens.input ?? 0, output: s.tokens.output ?? 0, cached: s.tokens.cached, reasoning: s.tokens.reasoning } : undefined,
    });
  });
  return finishTrajectory({
    externalId: line.id,
    taskId: line.task_id,
    instruction: line.instruction,
    outcome: decideOutcome(line.outcome, line.reward, opts.successThreshold),
    reward: line.reward,
    model: line.model,
    harness: line.harness ?? "custom",
    steps: b.steps,
    metadata: { ...line.metadata, schema: STUDIO_SCHEMA },
  });
}

function defaultKind(role: TStep["role"], hasTool: boolean): TStep["kind"] {
  if (role === "tool") return "tool_result";
  return role === "assistant" && hasTool ? "tool_call" : "message";
}

/** Generic schema: each (reasoning, tool_call, observation) triple becomes thought → call → result. */
function mapGeneric(line: TGenericLine, fallbackId: string, opts: TParseOptions): TTrajectory {
  const b = new StepBuilder();
  b.add({ role: "user", kind: "message", text: line.query });
  line.steps.forEach((s, i) => {
    const timestamp = s.timestamp;
    if (s.reasoning) b.add({ role: "assistant", kind: "thought", text: s.reasoning, timestamp });
    let callId: string | undefined;
    let toolName: string | undefined;
    if (s.tool_call) {
      const call = readGenericCall(s.tool_call);
      callId = call.id ?? `step-${i}`;
      toolName = call.name;
      b.add({ role: "assistant", kind: "tool_call", text: "", toolName, toolArgs: call.args, toolCallId: callId, timestamp });
    }
    if (s.observation !== undefined && s.observation !== null) {
      b.add({ role: "tool", kind: "tool_result", text: asText(s.observation), toolName, toolCallId: callId, isError: s.is_error, timestamp });
    }
  });
  if (line.final_output !== undefined && line.final_output !== null) b.add({ role: "assistant", kind: "message", text: asText(line.final_output) });

  const o = line.outcome;
  const reward = typeof o === "number" ? o : typeof o === "boolean" ? (o ? 1 : 0) : line.reward;
  const outcome = typeof o === "string" ? o : typeof o === "boolean" ? (o ? "success" : "failure") : undefined;
  return finishTrajectory({
    externalId: line.id ?? fallbackId,
    taskId: line.task_id,
    instruction: line.query,
    outcome: decideOutcome(outcome, reward, opts.successThreshold),
    reward,
    model: line.model,
    harness: line.harness ?? "custom",
    steps: b.steps,
    metadata: Object.fromEntries(
      Object.entries({ ...line.metadata, schema: "generic", groundTruthRef: line.ground_truth_ref, artifacts: line.artifacts }).filter(([, v]) => v !== undefined),
    ),
  });
}

function readGenericCall(call: NonNullable<TGenericLine["steps"][number]["tool_call"]>): { name: string; args: Record<string, unknown>; id?: string } {
  if (typeof call === "string") {
    const parsed = toArgs(call);
    // A JSON string of {name, arguments} is a call; any other text is kept whole as the argument.
    if (typeof parsed.name === "string") return { name: parsed.name, args: toArgs(parsed.arguments ?? parsed.args ?? parsed.input), id: typeof parsed.id === "string" ? parsed.id : undefined };
    return { name: "unknown", args: "_raw" in parsed ? parsed : { _raw: call } };
  }
  return { name: (call.name ?? call.tool ?? call.function)!, args: toArgs(call.arguments ?? call.args ?? call.input), id: call.id };
}

