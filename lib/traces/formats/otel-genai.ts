import type { TFormat, TParsed, TParseOptions, TProbe } from "../format";
import type { TTrajectory } from "../model";
import { asText, finishTrajectory, outcomeFromReward, StepBuilder } from "../normalize";
import { headText, readLines, readText, type TSourceFile } from "../source";
import { asRecord, isRecord, looksLikeJsonl, num, openCallNamed, rejectItem, str, tryTrajectory, type TRecord } from "./api-shared";
import { addAnyAgentOutput, addGenAiMessage, inputMessages, outputMessages, parseMaybeJson, SYNTHETIC_ID_PREFIX, usageTokens } from "./otel-genai-messages";
import { isOtlpDocument, isSdkSpanDocument, parseJsonExact, readOtlpSpans, readSdkSpans, type TSpan, type TSpanIssue } from "./otel-genai-spans";

// OpenTelemetry GenAI traces (doc §A11), as OTLP/JSON (also one export request per JSONL line, as
// the collector's file exporter writes) or SDK span JSON (any-agent AgentTrace). One trajectory per
// trace: chat spans give assistant steps (input messages only from the first one — later ones repeat
// the history), execute_tool spans give the tool results, evaluation attributes give the reward.

const CHAT_OPS = new Set(["chat", "text_completion", "generate_content", "call_llm"]);

export const otelGenaiFormat: TFormat = {
  id: "otel-genai",
  label: "OpenTelemetry GenAI spans",
  detect: (probe: TProbe) => isOtlpDocument(probe.json) || isSdkSpanDocument(probe.json) || (probe.json === undefined && isOtlpDocument(probe.lines[0])),
  parse: parseOtel,
};

async function* parseOtel(file: TSourceFile, opts: TParseOptions): AsyncGenerator<TParsed> {
  const head = await headText(file);
  let spans: TSpan[] = [];
  let issues: TSpanIssue[] = [];
  let finalOutput: unknown;
  if (looksLikeJsonl(head, file.size > Buffer.byteLength(head)) && !isWholeDocument(head)) {
    for await (const { line, text } of readLines(file)) {
      if (!text.trim()) continue;
      let doc: unknown;
      try {
        doc = parseJsonExact(text);
      } catch (err) {
        yield rejectItem(file.name, `line is not JSON: ${(err as Error).message}`, { line });
        continue;
      }
      if (!isOtlpDocument(doc)) {
        yield rejectItem(file.name, "expected an OTLP export with resourceSpans", { line, field: "resourceSpans" });
        continue;
      }
      const read = readOtlpSpans(doc, `line ${line}: `);
      spans.push(...read.spans);
      issues.push(...read.issues);
    }
  } else {
    let doc: unknown;
    try {
      doc = parseJsonExact(await readText(file));
    } catch (err) {
      yield rejectItem(file.name, `invalid JSON: ${(err as Error).message}`);
      return;
    }
    if (isOtlpDocument(doc)) ({ spans, issues } = readOtlpSpans(doc));
    else if (isRecord(doc) && Array.isArray(doc.spans) || Array.isArray(doc)) ({ spans, issues } = readSdkSpans(doc));
    else {
      yield rejectItem(file.name, "not an OpenTelemetry trace: expected resourceSpans or {spans}");
      return;
    }
    finalOutput = asRecord(doc).final_output;
  }
  for (const issue of issues) yield rejectItem(file.name, issue.reason, { record: issue.record, field: issue.field });
  const traces = new Map<string, TSpan[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  for (const [traceId, list] of traces) {
    yield tryTrajectory(file.name, { record: `trace ${traceId}` }, () => mapTrace(traceId, list, opts, traces.size === 1 ? finalOutput : undefined));
  }
}

/** A single-line file that is one OTLP document is read whole, the same as a pretty-printed one. */
function isWholeDocument(head: string): boolean {
  return !/\n\s*\S/.test(head.trim());
}

function operation(span: TSpan): string {
  const op = str(span.attrs["gen_ai.operation.name"]);
  if (op) return op;
  if (span.attrs["gen_ai.tool.name"] !== undefined) return "execute_tool";
  if (span.attrs["gen_ai.request.model"] !== undefined) return "chat";
  return span.name.split(" ")[0];
}

function mapTrace(traceId: string, spans: TSpan[], opts: TParseOptions, finalOutput: unknown): TTrajectory {
  spans.sort((a, b) => a.startNs - b.startNs);
  const ids = new Set(spans.map((s) => s.spanId));
  const roots = spans.filter((s) => !s.parentId || !ids.has(s.parentId));
  const root = roots.find((s) => operation(s) === "invoke_agent") ?? roots[0];
  const b = new StepBuilder();
  let inputDone = false;
  const addInputs = (span: TSpan) => {
    const msgs = inputMessages(span);
    for (const m of msgs) addGenAiMessage(b, m, { timestamp: span.start });
    inputDone = msgs.length > 0;
  };
  addInputs(root);
  let model: string | undefined;
  let reward: number | undefined;
  for (const span of spans) {
    const op = operation(span);
    const a = span.attrs;
    reward ??= evaluationScore(span);
    if (CHAT_OPS.has(op)) {
      model ??= str(a["gen_ai.response.model"]) ?? str(a["gen_ai.request.model"]);
      if (!inputDone) addInputs(span);
      addChatOutput(b, span);
    } else if (op === "execute_tool") {
      addToolSpan(b, span);
    }
  }
  const attrsOf = (key: string) => spans.map((s) => s.attrs[key]).find((v) => v !== undefined);
  const costs = spans.map((s) => (num(s.attrs["gen_ai.usage.input_cost"]) ?? 0) + (num(s.attrs["gen_ai.usage.output_cost"]) ?? 0));
  const anyAgent = str(attrsOf("any_agent.version"));
  const metadata: TRecord = {
    traceId,
    rootSpan: root.name,
    spanCount: spans.length,
    agentName: str(attrsOf("gen_ai.agent.name")),
    conversationId: str(attrsOf("gen_ai.conversation.id")),
    provider: str(attrsOf("gen_ai.provider.name")) ?? str(attrsOf("gen_ai.system")),
    anyAgentVersion: anyAgent,
    service: str(root.resource["service.name"])?.startsWith("unknown_service") ? undefined : str(root.resource["service.name"]),
    scope: root.scope,
    costUsd: costs.some((c) => c > 0) ? Number(costs.reduce((x, y) => x + y, 0).toFixed(8)) : undefined,
    finalOutput: finalOutput !== undefined ? asText(finalOutput).slice(0, 4000) : undefined,
    evaluation: str(attrsOf("gen_ai.evaluation.score.label")),
  };
  return finishTrajectory({
    externalId: traceId,
    instruction: lastUserText(b.steps),
    outcome: outcomeFromReward(reward, opts.successThreshold),
    reward,
    model: model ?? str(root.attrs["gen_ai.request.model"]),
    harness: anyAgent ? "any-agent" : "otel-genai",
    steps: b.steps,
    metadata: Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)),
  });
}

function addChatOutput(b: StepBuilder, span: TSpan): void {
  const first = b.steps.length;
  const extras = { timestamp: span.end ?? span.start, tokens: usageTokens(span.attrs) };
  const outputs = outputMessages(span);
  if (outputs.length) outputs.forEach((m, i) => addGenAiMessage(b, m, i === 0 ? extras : { timestamp: extras.timestamp }));
  else addAnyAgentOutput(b, span, extras);
  const errorType = str(span.attrs["error.type"]);
  if (span.failed || errorType) b.add({ role: "assistant", kind: "error", text: [errorType, span.error].filter(Boolean).join(": "), isError: true, timestamp: extras.timestamp, tokens: b.steps.length === first ? extras.tokens : undefined });
  else if (b.steps.length === first && extras.tokens) b.add({ role: "assistant", kind: "message", text: "", timestamp: extras.timestamp, tokens: extras.tokens });
}

/** A tool execution answers the model's call: by call id, else the oldest open call of that tool. */
function addToolSpan(b: StepBuilder, span: TSpan): void {
  const a = span.attrs;
  const name = str(a["gen_ai.tool.name"]) ?? (span.name.replace(/^execute_tool\s*/, "") || "tool");
  const id = str(a["gen_ai.tool.call.id"]);
  const call = b.callById(id) ?? openCallNamed(b.steps, name);
  if (call && id && call.toolCallId?.startsWith(SYNTHETIC_ID_PREFIX)) call.toolCallId = id;
  const callId = call?.toolCallId ?? id ?? span.spanId;
  if (!call) {
    const args = parseMaybeJson(a["gen_ai.tool.call.arguments"] ?? a["gen_ai.tool.args"]);
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: name, toolArgs: isRecord(args) ? args : args === undefined ? {} : { _raw: args }, toolCallId: callId, timestamp: span.start });
  }
  const errorType = str(a["error.type"]);
  const result = a["gen_ai.tool.call.result"] ?? a["gen_ai.output"];
  const text = [asText(result), span.failed || errorType ? [errorType, span.error].filter(Boolean).join(": ") : ""].filter(Boolean).join("\n");
  b.add({ role: "tool", kind: "tool_result", text, toolName: name, toolCallId: callId, isError: span.failed || !!errorType || undefined, timestamp: span.end ?? span.start });
}

/** A grader's score from evaluation attributes or a `gen_ai.evaluation.result` event. */
function evaluationScore(span: TSpan): number | undefined {
  const fromAttrs = num(span.attrs["gen_ai.evaluation.score.value"]);
  if (fromAttrs !== undefined) return fromAttrs;
  const ev = span.events.find((e) => e.name.startsWith("gen_ai.evaluation"));
  return ev ? num(ev.attrs["gen_ai.evaluation.score.value"]) : undefined;
}

/** The task: the last user message of the first prompt (earlier ones are usually few-shot/context). */
function lastUserText(steps: TTrajectory["steps"]): string {
  const firstAssistant = steps.findIndex((s) => s.role === "assistant" || s.role === "tool");
  const prompt = firstAssistant < 0 ? steps : steps.slice(0, firstAssistant);
  return [...prompt].reverse().find((s) => s.role === "user" && s.kind === "message")?.text ?? "";
}
