import { describe, expect, test } from "vitest";
import type { TParsed } from "../format";
import type { TTrajectory } from "../model";
import { parseCorpusFile, parseMemory, probeCorpus } from "./api-testkit";
import { openaiResponsesFormat } from "./openai-responses";

const trajectories = (items: TParsed[]): TTrajectory[] => items.flatMap((i) => (i.kind === "trajectory" ? [i.trajectory] : []));
const rejected = (items: TParsed[]) => items.flatMap((i) => (i.kind === "rejected" ? [i.issue] : []));

test("detect claims exactly the openai-responses corpus files", async () => {
  const probes = await probeCorpus();
  const claimed = probes.filter((p) => openaiResponsesFormat.detect(p.probe)).map((p) => p.name);
  expect(claimed).toEqual(probes.map((p) => p.name).filter((n) => n.startsWith("openai-responses/")));
  expect(claimed).toHaveLength(2);
});

test("cassette with a tool call: call_id pairing, usage and created_at per response", async () => {
  const [t] = await parseCorpusFile(openaiResponsesFormat, "openai-responses/pydanticai_responses_tool_call.yaml");
  expect(t).toMatchObject({ externalId: "pydanticai_responses_tool_call.yaml", instruction: "What is the capital of PotatoLand?", model: "gpt-4o-2024-08-06", outcome: "unknown", harness: "openai-responses" });
  expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["user/message", "assistant/tool_call", "tool/tool_result", "assistant/message"]);
  expect(t.steps[1]).toMatchObject({ toolName: "get_capital", toolArgs: { country: "PotatoLand" }, toolCallId: "call_YfwRsW8sUxDKipwyhWTzOXCA", timestamp: "2025-10-24T16:32:26.000Z", tokens: { input: 40, output: 18 } });
  expect(t.steps[2]).toMatchObject({ text: "Potato City", toolCallId: "call_YfwRsW8sUxDKipwyhWTzOXCA", toolName: "get_capital" });
  expect(t.steps[3]).toMatchObject({ text: "The capital of PotatoLand is Potato City.", timestamp: "2025-10-24T16:32:27.000Z", tokens: { input: 67, output: 11 } });
  expect(t.tokens).toEqual({ input: 107, output: 29 });
  expect(t.metadata).toMatchObject({ container: "vcr-cassette", interactions: 2, statuses: ["completed", "completed"] });
});

test("retry cassette: parallel calls pair by call_id, the echoed history is not repeated", async () => {
  const [t] = await parseCorpusFile(openaiResponsesFormat, "openai-responses/pydanticai_responses_retry.yaml");
  expect(t.instruction).toBe("What is the location of Londos and London?");
  expect(t.steps).toHaveLength(6);
  expect(t.steps.filter((s) => s.role === "user")).toHaveLength(1);
  // pydantic-ai echoes an empty assistant message before the calls; it is neither history nor a step.
  expect(t.steps.filter((s) => s.kind === "message" && s.role === "assistant")).toHaveLength(1);
  const [londos, london] = t.steps.filter((s) => s.kind === "tool_call");
  expect(londos).toMatchObject({ toolArgs: { loc_name: "Londos" }, toolCallId: "call_LWVp74L5HaH2KNvgVz9PJsrj", index: 1 });
  expect(london).toMatchObject({ toolArgs: { loc_name: "London" }, toolCallId: "call_YnRAWeTyxI91m5uNa5bxXwVO", index: 2 });
  const results = t.steps.filter((s) => s.kind === "tool_result");
  expect(results.map((r) => r.toolCallId)).toEqual([londos.toolCallId, london.toolCallId]);
  expect(results[0].text).toMatch(/^Wrong location, I only know about "London"/);
  expect(results[1].text).toBe('{"lat": 51, "lng": 0}');
  expect(t.steps[5]).toMatchObject({ role: "assistant", kind: "message", tokens: { input: 335, output: 44 } });
  expect(t.steps[5].text).toContain("latitude 51");
});

describe("synthetic inputs", () => {
  test("item list: reasoning → thought, hosted tool with its own result, invalid arguments kept raw", async () => {
    const items = [
      { role: "developer", content: "You are terse." },
      { type: "message", role: "user", content: [{ type: "input_text", text: "Find the release date" }] },
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Search first." }] },
      { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "release date" } },
      { type: "mcp_call", id: "mcp_1", name: "lookup", arguments: '{"q": "x"}', server_label: "db", error: "timeout" },
      { type: "function_call", call_id: "fc_1", name: "save", arguments: '{"date": ' },
      { type: "function_call_output", call_id: "fc_1", output: "saved" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "It is May 1." }] },
    ];
    const [t] = trajectories(await parseMemory(openaiResponsesFormat, "items.json", JSON.stringify(items)));
    expect(t.instruction).toBe("Find the release date");
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual([
      "system/message", "user/message", "assistant/thought", "assistant/tool_call", "assistant/tool_call", "tool/tool_result", "assistant/tool_call", "tool/tool_result", "assistant/message",
    ]);
    expect(t.steps[3]).toMatchObject({ toolName: "web_search", toolArgs: { type: "search", query: "release date" }, toolCallId: "ws_1" });
    expect(t.steps[5]).toMatchObject({ toolCallId: "mcp_1", isError: true, text: "error: timeout" });
    expect(t.steps[6]).toMatchObject({ toolCallId: "fc_1", toolArgs: { _raw: '{"date": ' } });
    expect(t.steps[7]).toMatchObject({ toolCallId: "fc_1", text: "saved", toolName: "save" });
  });

  test("a failed response object becomes an error step with its usage", async () => {
    const doc = { id: "resp_1", object: "response", model: "o4-mini", status: "failed", created_at: 1700000000, error: { code: "server_error", message: "boom" }, output: [], usage: { input_tokens: 12, output_tokens: 0 }, input: [{ role: "user", content: "hi" }] };
    const [t] = trajectories(await parseMemory(openaiResponsesFormat, "resp.json", JSON.stringify(doc)));
    expect(t).toMatchObject({ externalId: "resp_1", model: "o4-mini", metadata: { status: "failed" } });
    expect(t.steps[1]).toMatchObject({ role: "assistant", kind: "error", isError: true, text: "server_error: boom", timestamp: "2023-11-14T22:13:20.000Z", tokens: { input: 12, output: 0 } });
  });

  test("bad input: truncated JSON, a JSONL line that is not JSON, an item without type or role", async () => {
    expect(rejected(await parseMemory(openaiResponsesFormat, "cut.json", '[{"type": "function_call", "call_id": "x"'))).toEqual([{ file: "cut.json", reason: expect.stringMatching(/^invalid JSON/) }]);
    const good = { input: [{ role: "user", content: "hi" }, { type: "function_call", call_id: "a", name: "f", arguments: "{}" }] };
    const bad = { input: [{ role: "user", content: "hi" }, 42] };
    const items = await parseMemory(openaiResponsesFormat, "rows.jsonl", [JSON.stringify(good), "nope", JSON.stringify(bad)].join("\n"));
    expect(trajectories(items).map((t) => t.externalId)).toEqual(["rows.jsonl#1"]);
    expect(rejected(items)).toEqual([
      { file: "rows.jsonl", line: 2, reason: expect.stringMatching(/^line is not JSON/) },
      { file: "rows.jsonl", line: 3, field: "input[1]", reason: "input[1] is not a Responses item (needs a type or a role)" },
    ]);
  });
});
