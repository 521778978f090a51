import { describe, expect, test } from "vitest";
import type { TParsed } from "../format";
import type { TTrajectory } from "../model";
import { anthropicMessagesFormat } from "./anthropic-messages";
import { parseCorpusFile, parseMemory, probeCorpus } from "./api-testkit";

const trajectories = (items: TParsed[]): TTrajectory[] => items.flatMap((i) => (i.kind === "trajectory" ? [i.trajectory] : []));
const rejected = (items: TParsed[]) => items.flatMap((i) => (i.kind === "rejected" ? [i.issue] : []));

test("detect claims exactly the anthropic-messages corpus files", async () => {
  const probes = await probeCorpus();
  const claimed = probes.filter((p) => anthropicMessagesFormat.detect(p.probe)).map((p) => p.name);
  expect(claimed).toEqual(probes.map((p) => p.name).filter((n) => n.startsWith("anthropic-messages/")));
  expect(claimed).toHaveLength(2);
});

test("cassette with thinking: thought → message → tool_call, result as a tool step, history once", async () => {
  const [t] = await parseCorpusFile(anthropicMessagesFormat, "anthropic-messages/pydanticai_anthropic_tool_with_thinking.yaml");
  expect(t).toMatchObject({ externalId: "pydanticai_anthropic_tool_with_thinking.yaml", model: "claude-sonnet-4-20250514", outcome: "unknown", harness: "anthropic-messages" });
  expect(t.instruction).toBe("What is the largest city in the user country?");
  expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["user/message", "assistant/thought", "assistant/message", "assistant/tool_call", "tool/tool_result", "assistant/message"]);
  expect(t.steps[1].text).toMatch(/^The user is asking about the largest city/);
  expect(t.steps[1].tokens).toEqual({ input: 398, output: 155 });
  expect(t.steps[3]).toMatchObject({ toolName: "get_user_country", toolArgs: {}, toolCallId: "toolu_01YGzqpRE16Vricda3Aqcejo" });
  expect(t.steps[4]).toMatchObject({ text: "Mexico", toolCallId: "toolu_01YGzqpRE16Vricda3Aqcejo", toolName: "get_user_country" });
  expect(t.steps[4].isError).toBeUndefined();
  expect(t.steps[5].text).toMatch(/^Based on the information that you're from Mexico/);
  expect(t.steps[5].tokens).toEqual({ input: 566, output: 126 });
  expect(t.metadata).toMatchObject({ container: "vcr-cassette", interactions: 2, stopReasons: ["tool_use", "end_turn"], requestModel: "claude-sonnet-4-0" });
});

test("cassette with tool output: two tool_use turns, tokens summed", async () => {
  const [t] = await parseCorpusFile(anthropicMessagesFormat, "anthropic-messages/pydanticai_anthropic_tool_output.yaml");
  expect(t.model).toBe("claude-sonnet-4-5-20250929");
  expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["user/message", "assistant/tool_call", "tool/tool_result", "assistant/tool_call"]);
  expect(t.steps[3]).toMatchObject({ toolName: "final_result", toolArgs: { city: "Mexico City", country: "Mexico" }, toolCallId: "toolu_01LZABsgreMefH2Go8D5PQbW" });
  expect(t.tokens).toEqual({ input: 942, output: 79 });
});

describe("synthetic inputs", () => {
  test("request body: system prompt, tool error, redacted thinking, cache tokens on a response", async () => {
    const doc = {
      model: "claude-x",
      system: [{ type: "text", text: "You are a shell agent." }],
      messages: [
        { role: "user", content: "Delete tmp" },
        { role: "assistant", content: [{ type: "redacted_thinking", data: "…" }, { type: "tool_use", id: "toolu_1", name: "bash", input: { cmd: "rm -r /tmp/x" } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", is_error: true, content: [{ type: "text", text: "permission denied" }] }, { type: "text", text: "Try sudo." }] },
      ],
    };
    const [t] = trajectories(await parseMemory(anthropicMessagesFormat, "req.json", JSON.stringify(doc)));
    expect(t.instruction).toBe("Delete tmp");
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["system/message", "user/message", "assistant/thought", "assistant/tool_call", "tool/tool_result", "user/message"]);
    expect(t.steps[4]).toMatchObject({ toolCallId: "toolu_1", toolName: "bash", isError: true, text: "permission denied" });

    const response = { id: "msg_1", type: "message", role: "assistant", model: "claude-x", stop_reason: "max_tokens", content: [{ type: "text", text: "Partial" }], usage: { input_tokens: 10, cache_read_input_tokens: 90, cache_creation_input_tokens: 5, output_tokens: 7 } };
    const [r] = trajectories(await parseMemory(anthropicMessagesFormat, "resp.json", JSON.stringify(response)));
    expect(r).toMatchObject({ externalId: "msg_1", metadata: { stopReason: "max_tokens" } });
    expect(r.steps[0].tokens).toEqual({ input: 105, output: 7, cached: 90 });
  });

  test("vcrpy cassette with string bodies: an overloaded response is an error step, history is not repeated", async () => {
    const req = (messages: unknown[]) => JSON.stringify({ model: "claude-x", max_tokens: 100, messages });
    const user = { role: "user", content: "Hi" };
    const answer = { role: "assistant", content: [{ type: "text", text: "Hello!" }] };
    const yaml = `interactions:
- request:
    body: '${req([user])}'
    method: POST
    uri: https://gateway.example/anthropic/v1/messages
  response:
    body: {string: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'}
    status: {code: 529, message: Overloaded}
- request:
    body: '${req([user])}'
    method: POST
    uri: https://gateway.example/anthropic/v1/messages
  response:
    body: {string: '${JSON.stringify({ type: "message", role: "assistant", model: "claude-x-1", content: answer.content, usage: { input_tokens: 3, output_tokens: 2 } })}'}
    status: {code: 200, message: OK}
- request:
    body: '${req([user, answer, { role: "user", content: "Bye" }])}'
    method: POST
    uri: https://gateway.example/anthropic/v1/messages
  response:
    body: {string: '${JSON.stringify({ type: "message", role: "assistant", model: "claude-x-1", content: [{ type: "text", text: "Goodbye!" }], usage: { input_tokens: 8, output_tokens: 2 } })}'}
    status: {code: 200, message: OK}
version: 1
`;
    const items = await parseMemory(anthropicMessagesFormat, "retry.yaml", yaml);
    const [t] = trajectories(items);
    expect(t.model).toBe("claude-x-1");
    expect(t.steps.map((s) => `${s.role}/${s.kind}:${s.text}`)).toEqual([
      "user/message:Hi", "assistant/error:overloaded_error: Overloaded", "assistant/message:Hello!", "user/message:Bye", "assistant/message:Goodbye!",
    ]);
    expect(t.metadata.interactions).toBe(3);
  });

  test("bad input: truncated JSON, a JSONL line that is not JSON, a message without a role, a cassette with no Messages call", async () => {
    expect(rejected(await parseMemory(anthropicMessagesFormat, "cut.json", '{"messages": [{"role": "user", "content": [{"type": "tool_result"'))).toEqual([
      { file: "cut.json", reason: expect.stringMatching(/^invalid JSON/) },
    ]);
    const good = { messages: [{ role: "user", content: "q" }, { role: "assistant", content: [{ type: "tool_use", id: "t", name: "f", input: {} }] }] };
    const bad = { messages: [{ content: "no role" }] };
    const items = await parseMemory(anthropicMessagesFormat, "rows.jsonl", [JSON.stringify(good), "}{", JSON.stringify(bad)].join("\n"));
    expect(trajectories(items)).toHaveLength(1);
    expect(rejected(items)).toEqual([
      { file: "rows.jsonl", line: 2, reason: expect.stringMatching(/^line is not JSON/) },
      { file: "rows.jsonl", line: 3, field: "messages[0]", reason: expect.stringContaining("not an Anthropic message") },
    ]);
    const other = "interactions:\n- request:\n    uri: https://example.com/health\n  response:\n    status: {code: 200}\nversion: 1\n";
    expect(rejected(await parseMemory(anthropicMessagesFormat, "other.yaml", other))).toEqual([{ file: "other.yaml", field: "interactions", reason: "cassette has no anthropic-messages request" }]);
  });
});
