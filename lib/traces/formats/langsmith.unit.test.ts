import { describe, expect, test } from "vitest";
import type { TParsed } from "../format";
import type { TTrajectory } from "../model";
import { parseCorpusFile, parseMemory, probeCorpus } from "./api-testkit";
import { langsmithFormat } from "./langsmith";

const trajectories = (items: TParsed[]): TTrajectory[] => items.flatMap((i) => (i.kind === "trajectory" ? [i.trajectory] : []));
const rejected = (items: TParsed[]) => items.flatMap((i) => (i.kind === "rejected" ? [i.issue] : []));

test("detect claims exactly the langsmith corpus files", async () => {
  const probes = await probeCorpus();
  const claimed = probes.filter((p) => langsmithFormat.detect(p.probe)).map((p) => p.name);
  expect(claimed).toEqual(probes.map((p) => p.name).filter((n) => n.startsWith("langsmith/")));
  expect(claimed).toHaveLength(2);
});

test("langsmith-py post/patch payload: merged by id into one LLM turn", async () => {
  const [t, ...rest] = await parseCorpusFile(langsmithFormat, "langsmith/langsmith_py_wrap_openai.json");
  expect(rest).toHaveLength(0);
  expect(t).toMatchObject({ externalId: "d0d84d31-923d-4cb5-94a8-40a0a0087578", instruction: "howdy", outcome: "unknown", model: "gpt-4o-mini-2024-07-18", harness: "langsmith" });
  expect(t.steps).toEqual([
    { index: 0, role: "user", kind: "message", text: "howdy", timestamp: "2024-10-11T20:58:23.298Z" },
    { index: 1, role: "assistant", kind: "message", text: "Howdy! How can I assist you today?", timestamp: "2024-10-11T20:58:24.417Z", tokens: { input: 9, output: 9 } },
  ]);
  expect(t.metadata).toMatchObject({ project: "default", sdk: "langsmith-py 0.1.131", rootRun: "llm:ChatOpenAI", runCount: 1, provider: "openai" });
});

test("langsmith-js payload: a RunUpdate without id merges through its dotted_order", async () => {
  const [t] = await parseCorpusFile(langsmithFormat, "langsmith/langsmith_js_wrap_openai_default.json");
  expect(t.externalId).toBe("dc34609e-3eeb-459d-bc2a-6fedb01d2e6e");
  expect(t.model).toBe("gpt-4o-mini-2024-07-18");
  expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["user/message", "assistant/message"]);
  expect(t.steps[0].timestamp).toBe("2024-10-13T07:05:37.170Z");
  expect(t.steps[1]).toMatchObject({ text: "Howdy! How can I assist you today?", timestamp: "2024-10-13T07:05:38.285Z", tokens: { input: 9, output: 9 } });
  expect(t.metadata.sdk).toBe("langsmith-js 0.1.65");
});

// Synthetic (no real multi-step LangSmith export was found): a LangChain agent trace as a nested
// child_runs tree, LLM runs with serialized LangChain messages, one failing tool.
const T = "11111111-1111-4111-8111-111111111111";
const order = (...parts: string[]) => parts.map((p, i) => `20250101T00000${i}000000Z${p}`).join(".");
const lc = (cls: string, kwargs: object) => ({ lc: 1, type: "constructor", id: ["langchain", "schema", "messages", cls], kwargs });
const agentTrace = {
  id: T, trace_id: T, name: "AgentExecutor", run_type: "chain", dotted_order: order(T), start_time: "2025-01-01T00:00:00Z", end_time: "2025-01-01T00:00:09Z",
  inputs: { input: "What is 6*7? Then read notes.txt" }, outputs: { output: "42; notes.txt is missing." },
  feedback_stats: { correctness: { n: 1, avg: 1 } }, reference_example_id: "ex-7", extra: { runtime: { sdk: "langsmith-py", sdk_version: "0.3.0" } },
  child_runs: [
    {
      id: "tool-2", name: "read_file", run_type: "tool", dotted_order: order(T, "llm-1", "tool-2"), start_time: "2025-01-01T00:00:04Z",
      inputs: { input: '{"path": "notes.txt"}' }, error: "FileNotFoundError: notes.txt", outputs: null,
    },
    {
      id: "llm-1", name: "ChatOpenAI", run_type: "llm", dotted_order: order(T, "llm-1"), start_time: "2025-01-01T00:00:01Z", end_time: "2025-01-01T00:00:02Z",
      extra: { metadata: { ls_model_name: "gpt-4.1" } },
      inputs: { messages: [[lc("SystemMessage", { content: "Use tools." }), lc("HumanMessage", { content: "What is 6*7? Then read notes.txt" })]] },
      outputs: { generations: [[{ text: "", message: lc("AIMessage", { content: "", tool_calls: [{ name: "calc", args: { expr: "6*7" }, id: "call_a" }, { name: "read_file", args: { path: "notes.txt" }, id: "call_b" }], usage_metadata: { input_tokens: 50, output_tokens: 20 } }) }]] },
    },
    { id: "tool-1", name: "calc", run_type: "tool", dotted_order: order(T, "llm-1", "tool-1"), start_time: "2025-01-01T00:00:03Z", inputs: { expr: "6*7" }, outputs: { output: lc("ToolMessage", { content: "42", tool_call_id: "call_a" }) } },
    {
      id: "llm-2", name: "ChatOpenAI", run_type: "llm", dotted_order: order(T, "llm-2"), start_time: "2025-01-01T00:00:05Z", end_time: "2025-01-01T00:00:08Z",
      inputs: { messages: [[lc("SystemMessage", { content: "Use tools." }), lc("HumanMessage", { content: "What is 6*7? Then read notes.txt" }), lc("AIMessage", { content: "" }), lc("ToolMessage", { content: "42", tool_call_id: "call_a" }), lc("ToolMessage", { content: "FileNotFoundError", tool_call_id: "call_b" })]] },
      outputs: { generations: [[{ text: "42; notes.txt is missing.", message: lc("AIMessage", { content: "42; notes.txt is missing." }) }]], llm_output: { token_usage: { prompt_tokens: 90, completion_tokens: 9 } } },
    },
  ],
};

describe("synthetic agent trace (nested child_runs)", async () => {
  const other = { id: "22222222-2222-4222-8222-222222222222", run_type: "chain", name: "Other", trace_id: "22222222-2222-4222-8222-222222222222", inputs: { question: "ping" }, outputs: { answer: "pong" } };
  const items = await parseMemory(langsmithFormat, "runs.json", JSON.stringify([agentTrace, other]));
  const [agent, second] = trajectories(items);

  test("one trajectory per trace, outcome from feedback, taskId from the reference example", () => {
    expect(rejected(items)).toEqual([]);
    expect(agent).toMatchObject({ externalId: T, taskId: "ex-7", instruction: "What is 6*7? Then read notes.txt", outcome: "success", reward: 1, model: "gpt-4.1" });
    expect(second).toMatchObject({ externalId: other.id, instruction: "ping", outcome: "unknown" });
    expect(second.steps.map((s) => `${s.role}/${s.kind}:${s.text}`)).toEqual(["user/message:ping", "assistant/message:pong"]);
  });

  test("runs in dotted order; tool runs answer the LLM's calls; repeated history is not re-added", () => {
    expect(agent.steps.map((s) => `${s.role}/${s.kind}`)).toEqual([
      "system/message", "user/message", "assistant/tool_call", "assistant/tool_call", "tool/tool_result", "tool/tool_result", "assistant/message",
    ]);
    const [calc, read] = agent.steps.filter((s) => s.kind === "tool_call");
    expect(calc).toMatchObject({ toolName: "calc", toolArgs: { expr: "6*7" }, toolCallId: "call_a", tokens: { input: 50, output: 20 } });
    expect(agent.steps[4]).toMatchObject({ toolCallId: "call_a", text: "42" });
    expect(agent.steps[5]).toMatchObject({ toolCallId: read.toolCallId, toolName: "read_file", isError: true, text: "FileNotFoundError: notes.txt" });
    expect(agent.steps[6]).toMatchObject({ text: "42; notes.txt is missing.", tokens: { input: 90, output: 9 }, timestamp: "2025-01-01T00:00:08.000Z" });
    expect(agent.metadata.path).toEqual(["chain:AgentExecutor", "llm:ChatOpenAI", "tool:calc", "tool:read_file", "llm:ChatOpenAI"]);
  });
});

test("bad input: truncated JSON, a patch for an unknown run, a run without id", async () => {
  expect(rejected(await parseMemory(langsmithFormat, "cut.json", '{"post": [{"id": "a", "run_type": "llm"'))).toEqual([{ file: "cut.json", reason: expect.stringMatching(/^invalid JSON/) }]);
  const doc = {
    post: [
      { id: "a", run_type: "llm", trace_id: "a", dotted_order: "20250101T000000000000Za", inputs: { messages: [{ role: "user", content: "hi" }] } },
      { run_type: "tool", trace_id: "a", name: "x" },
    ],
    patch: [{ id: "zzz", trace_id: "a", outputs: {} }],
  };
  const items = await parseMemory(langsmithFormat, "payload.json", JSON.stringify(doc));
  expect(trajectories(items).map((t) => t.instruction)).toEqual(["hi"]);
  expect(rejected(items)).toEqual([
    { file: "payload.json", record: "post[1]", field: "post[1].id", reason: "run has neither an id nor a dotted_order" },
    { file: "payload.json", record: "patch[0]", field: "patch[0].id", reason: "update for run zzz that was never posted" },
  ]);
});
