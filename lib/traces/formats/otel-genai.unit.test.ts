import { describe, expect, test } from "vitest";
import type { TParsed } from "../format";
import type { TTrajectory } from "../model";
import { parseCorpusFile, parseMemory, probeCorpus } from "./api-testkit";
import { otelGenaiFormat } from "./otel-genai";

const trajectories = (items: TParsed[]): TTrajectory[] => items.flatMap((i) => (i.kind === "trajectory" ? [i.trajectory] : []));
const rejected = (items: TParsed[]) => items.flatMap((i) => (i.kind === "rejected" ? [i.issue] : []));
const kinds = (t: TTrajectory) => t.steps.map((s) => `${s.role}/${s.kind}`);

test("detect claims exactly the otel-genai corpus files", async () => {
  const probes = await probeCorpus();
  const claimed = probes.filter((p) => otelGenaiFormat.detect(p.probe)).map((p) => p.name);
  expect(claimed).toEqual(probes.map((p) => p.name).filter((n) => n.startsWith("otel-genai/")));
  expect(claimed).toHaveLength(4);
});

describe("any-agent SDK span JSON", () => {
  const TASK = /^Find what year it is in the America\/New_York timezone and write the value/;

  test("OPENAI trace: 128-bit decimal trace id as exact hex, calls paired with tool spans", async () => {
    const [t, ...rest] = await parseCorpusFile(otelGenaiFormat, "otel-genai/anyagent_OPENAI_trace.json");
    expect(rest).toHaveLength(0);
    // Python: hex(100927429609276267646756448943279827607) — rounding to a double would change it.
    expect(t.externalId).toBe("4bedea77bb33b9c5f280371eae21ea97");
    expect(t).toMatchObject({ harness: "any-agent", model: "mistral/mistral-small-latest", outcome: "unknown" });
    expect(t.instruction).toMatch(TASK);
    expect(kinds(t)).toEqual(["system/message", "user/message", "assistant/tool_call", "tool/tool_result", "assistant/tool_call", "tool/tool_result", "assistant/message"]);
    expect(t.steps[2]).toMatchObject({ toolName: "get_current_time", toolArgs: { timezone: "America/New_York" }, tokens: { input: 269, output: 16 }, timestamp: "2025-09-16T12:43:13.449Z" });
    expect(t.steps[3]).toMatchObject({ toolName: "get_current_time", toolCallId: t.steps[2].toolCallId, timestamp: "2025-09-16T12:43:13.452Z" });
    expect(t.steps[3].text).toContain('"datetime": "2025-09-16T08:43:13-04:00"');
    expect(t.steps[4]).toMatchObject({ toolName: "write_file", toolArgs: { text: "2025" } });
    expect(t.steps[4].toolCallId).not.toBe(t.steps[2].toolCallId);
    expect(t.steps[6].text).toMatch(/^\{"steps": \[\{"number": 1/);
    expect(t.tokens).toEqual({ input: 1020, output: 76 });
    expect(t.metadata).toMatchObject({ traceId: "4bedea77bb33b9c5f280371eae21ea97", agentName: "any_agent", spanCount: 6, costUsd: 0.0001248, anyAgentVersion: "1.9.1.dev0+g8e34f9a88.d20250915" });
    expect(t.metadata.finalOutput).toContain("Write the year to a file.");
  });

  test("AGNO trace: the tool span's real call id replaces the made-up one", async () => {
    const [t] = await parseCorpusFile(otelGenaiFormat, "otel-genai/anyagent_AGNO_trace.json");
    expect(t.instruction).toMatch(TASK);
    expect(t.steps[0].text).toMatch(/^<instructions>\nUse the available tools to answer/);
    const calls = t.steps.filter((s) => s.kind === "tool_call");
    expect(calls.map((c) => c.toolCallId)).toEqual(["LlAGPjfO0", "wzCUjvRq4"]);
    expect(t.steps.filter((s) => s.kind === "tool_result").map((r) => r.toolCallId)).toEqual(["LlAGPjfO0", "wzCUjvRq4"]);
    expect(t.steps).toHaveLength(7);
  });

  test("LANGCHAIN trace: text answer and structured answer are two assistant messages", async () => {
    const [t] = await parseCorpusFile(otelGenaiFormat, "otel-genai/anyagent_LANGCHAIN_trace.json");
    expect(t.externalId).toMatch(/^[0-9a-f]{32}$/);
    expect(kinds(t).slice(-2)).toEqual(["assistant/message", "assistant/message"]);
    expect(t.steps.at(-2)?.text).toMatch(/^Here are the steps I have taken/);
    expect(t.steps[5]).toMatchObject({ kind: "tool_result", toolName: "write_file", text: "null" });
    expect(t.tokens).toEqual({ input: 1262, output: 125 });
  });

  test("SMOLAGENTS trace: the final_answer tool call is answered by its tool span", async () => {
    const [t] = await parseCorpusFile(otelGenaiFormat, "otel-genai/anyagent_SMOLAGENTS_trace.json");
    expect(t.steps).toHaveLength(8);
    expect(t.steps[6]).toMatchObject({ kind: "tool_call", toolName: "final_answer", tokens: { input: 835, output: 57 } });
    expect(t.steps[6].toolArgs?.answer).toMatch(/^\{"steps"/);
    expect(t.steps[7]).toMatchObject({ kind: "tool_result", toolName: "final_answer", toolCallId: t.steps[6].toolCallId });
  });
});

// Synthetic OTLP/JSON (no real GenAI OTLP file was found): semantic-convention messages with parts,
// a failing tool, an evaluation event, int64 values as strings, and a second trace using the older
// event-based messages.
const ns = (s: number) => String(BigInt(1_750_000_000 + s) * 1_000_000_000n);
const kv = (key: string, value: unknown) => ({
  key,
  value: typeof value === "string" ? { stringValue: value } : Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value },
});
const TRACE = "0af7651916cd43dd8448eb211c80319c";
const span = (spanId: string, name: string, start: number, attrs: [string, unknown][], extra: object = {}) => ({
  traceId: TRACE, spanId, parentSpanId: spanId === "00f067aa0ba902b7" ? "" : "00f067aa0ba902b7", name, kind: 1,
  startTimeUnixNano: ns(start), endTimeUnixNano: ns(start + 1), attributes: attrs.map(([k, v]) => kv(k, v)), status: {}, ...extra,
});
const otlp = {
  resourceSpans: [
    {
      resource: { attributes: [kv("service.name", "weather-service")] },
      scopeSpans: [
        {
          scope: { name: "opentelemetry.instrumentation.openai_agents" },
          spans: [
            span("a1a1a1a1a1a1a1a1", "chat gpt-4.1", 1, [
              ["gen_ai.operation.name", "chat"], ["gen_ai.request.model", "gpt-4.1"], ["gen_ai.response.model", "gpt-4.1-2025-04-14"],
              ["gen_ai.input.messages", JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] }])],
              ["gen_ai.output.messages", JSON.stringify([{ role: "assistant", parts: [
                { type: "text", content: "Checking." }, { type: "reasoning", content: "Need weather and time." },
                { type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }, { type: "tool_call", id: "call_2", name: "get_time", arguments: '{"tz":' },
              ] }])],
              ["gen_ai.usage.input_tokens", 120], ["gen_ai.usage.output_tokens", 30],
            ]),
            span("b2b2b2b2b2b2b2b2", "execute_tool get_weather", 3, [["gen_ai.operation.name", "execute_tool"], ["gen_ai.tool.name", "get_weather"], ["gen_ai.tool.call.id", "call_1"], ["gen_ai.tool.call.result", "rainy"]]),
            span("c3c3c3c3c3c3c3c3", "execute_tool get_time", 4, [["gen_ai.operation.name", "execute_tool"], ["gen_ai.tool.name", "get_time"], ["gen_ai.tool.call.id", "call_2"], ["error.type", "TimeoutError"]], { status: { code: 2, message: "timed out" } }),
            span("d4d4d4d4d4d4d4d4", "chat gpt-4.1", 6, [["gen_ai.operation.name", "chat"], ["gen_ai.output.messages", JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "Rainy in Paris." }], finish_reason: "stop" }])], ["gen_ai.usage.input_tokens", 200], ["gen_ai.usage.output_tokens", 8]]),
            span("00f067aa0ba902b7", "invoke_agent weather-bot", 0, [["gen_ai.operation.name", "invoke_agent"], ["gen_ai.agent.name", "weather-bot"]], {
              events: [{ name: "gen_ai.evaluation.result", timeUnixNano: ns(9), attributes: [kv("gen_ai.evaluation.name", "correct"), kv("gen_ai.evaluation.score.value", 1)] }],
            }),
          ],
        },
      ],
    },
    {
      resource: { attributes: [] },
      scopeSpans: [{ scope: { name: "legacy" }, spans: [{
        traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "chat llama", startTimeUnixNano: ns(20), endTimeUnixNano: ns(21),
        attributes: [kv("gen_ai.system", "ollama"), kv("gen_ai.request.model", "llama3")],
        events: [
          { name: "gen_ai.user.message", timeUnixNano: ns(20), attributes: [kv("content", "Hi")] },
          { name: "gen_ai.choice", timeUnixNano: ns(21), attributes: [kv("message", JSON.stringify({ role: "assistant", content: "Hello!" }))] },
        ],
      }] }],
    },
  ],
};

describe("synthetic OTLP/JSON", () => {
  test("one trajectory per trace; parts → thought, message, tool calls; tool spans → results", async () => {
    const items = await parseMemory(otelGenaiFormat, "otlp.json", JSON.stringify(otlp, null, 2));
    expect(rejected(items)).toEqual([]);
    const [agent, legacy] = trajectories(items);
    expect(agent).toMatchObject({ externalId: TRACE, instruction: "Weather in Paris?", model: "gpt-4.1-2025-04-14", outcome: "success", reward: 1, harness: "otel-genai" });
    expect(kinds(agent)).toEqual(["user/message", "assistant/thought", "assistant/message", "assistant/tool_call", "assistant/tool_call", "tool/tool_result", "tool/tool_result", "assistant/message"]);
    expect(agent.steps[1]).toMatchObject({ text: "Need weather and time.", tokens: { input: 120, output: 30 } });
    expect(agent.steps[4]).toMatchObject({ toolCallId: "call_2", toolArgs: { _raw: '{"tz":' } });
    expect(agent.steps[5]).toMatchObject({ toolCallId: "call_1", text: "rainy", toolName: "get_weather" });
    expect(agent.steps[5].isError).toBeUndefined();
    expect(agent.steps[6]).toMatchObject({ toolCallId: "call_2", isError: true, text: "TimeoutError: timed out" });
    expect(agent.steps[7]).toMatchObject({ text: "Rainy in Paris.", timestamp: "2025-06-15T15:06:47.000Z" });
    expect(agent.metadata).toMatchObject({ agentName: "weather-bot", service: "weather-service", scope: "opentelemetry.instrumentation.openai_agents" });
    expect(legacy).toMatchObject({ externalId: "5b8efff798038103d269b633813fc60c", instruction: "Hi", model: "llama3", outcome: "unknown", metadata: { provider: "ollama" } });
    expect(legacy.steps.map((s) => s.text)).toEqual(["Hi", "Hello!"]);
  });

  test("collector JSONL (one export per line): spans gathered across lines, a bad line rejected", async () => {
    const [first, second] = otlp.resourceSpans;
    const jsonl = [JSON.stringify({ resourceSpans: [first] }), "{oops", JSON.stringify({ resourceSpans: [second] })].join("\n");
    const items = await parseMemory(otelGenaiFormat, "traces.jsonl", jsonl);
    expect(trajectories(items).map((t) => t.externalId)).toEqual([TRACE, "5b8efff798038103d269b633813fc60c"]);
    expect(rejected(items)).toEqual([{ file: "traces.jsonl", line: 2, reason: expect.stringMatching(/^line is not JSON/) }]);
  });
});

test("bad input: truncated JSON; a span without trace id is rejected, the others still parse", async () => {
  expect(rejected(await parseMemory(otelGenaiFormat, "cut.json", '{"resourceSpans": [{"scopeSpans": ['))).toEqual([{ file: "cut.json", reason: expect.stringMatching(/^invalid JSON/) }]);
  const sdk = {
    spans: [
      { name: "call_llm m", context: { trace_id: 5, span_id: 6 }, parent: { span_id: null }, start_time: 1758026593210770000, attributes: { "gen_ai.operation.name": "call_llm", "gen_ai.input.messages": '[{"role": "user", "content": "2+2?"}]', "gen_ai.output": "4", "gen_ai.output.type": "text" }, status: { status_code: "ok" } },
      { name: "execute_tool x", context: { span_id: 7 }, attributes: { "gen_ai.tool.name": "x" } },
    ],
  };
  const items = await parseMemory(otelGenaiFormat, "sdk.json", JSON.stringify(sdk));
  expect(rejected(items)).toEqual([{ file: "sdk.json", record: "spans[1]", field: "context.trace_id", reason: "span has no trace/span id" }]);
  const [t] = trajectories(items);
  expect(t).toMatchObject({ externalId: "00000000000000000000000000000005", instruction: "2+2?" });
  expect(t.steps.map((s) => s.text)).toEqual(["2+2?", "4"]);
});
