import { describe, expect, test } from "vitest";
import type { TParsed } from "../format";
import type { TTrajectory } from "../model";
import { buildProbe } from "../probe";
import { memoryFiles } from "../source";
import { anthropicMessagesFormat } from "./anthropic-messages";
import { parseCorpusFile, parseMemory, probeCorpus } from "./api-testkit";
import { openaiChatFormat } from "./openai-chat";
import { openaiResponsesFormat } from "./openai-responses";

const trajectories = (items: TParsed[]): TTrajectory[] => items.flatMap((i) => (i.kind === "trajectory" ? [i.trajectory] : []));
const rejected = (items: TParsed[]) => items.flatMap((i) => (i.kind === "rejected" ? [i.issue] : []));

test("detect claims exactly the openai-chat corpus files", async () => {
  const probes = await probeCorpus();
  const claimed = probes.filter((p) => openaiChatFormat.detect(p.probe)).map((p) => p.name);
  expect(claimed).toEqual(probes.map((p) => p.name).filter((n) => n.startsWith("openai-chat/")));
  expect(claimed).toHaveLength(3);
});

describe("tau-bench result records (taubench_gpt-4o-airline_rec0-6.json)", async () => {
  const [failed, passed] = await parseCorpusFile(openaiChatFormat, "openai-chat/taubench_gpt-4o-airline_rec0-6.json");

  test("one trajectory per record, instruction from info.task, outcome from reward", () => {
    expect(failed.externalId).toBe("0/0");
    expect(failed.taskId).toBe("0");
    expect(failed.harness).toBe("tau-bench");
    expect(failed.instruction).toMatch(/^You are mia_li_3668\. You want to fly from New York to Seattle/);
    expect(failed).toMatchObject({ outcome: "failure", reward: 0 });
    expect(passed.externalId).toBe("6/0");
    expect(passed.instruction).toMatch(/^You are aarav_garcia_1177\./);
    expect(passed).toMatchObject({ outcome: "success", reward: 1 });
    expect(passed.metadata).toMatchObject({ trial: 0, userId: "aarav_garcia_1177", rewardInfo: { r_actions: 1 } });
    expect((passed.metadata.expectedActions as { name: string }[])[0].name).toBe("update_reservation_flights");
  });

  test("every message becomes a step: system policy, simulated user turns, calls and results", () => {
    expect(failed.steps).toHaveLength(32);
    expect(passed.steps).toHaveLength(24);
    expect(passed.steps[0]).toMatchObject({ role: "system", kind: "message" });
    expect(passed.steps[0].text).toMatch(/^# Airline Agent Policy/);
    expect(passed.steps[1]).toMatchObject({ role: "user", kind: "message", text: "Hi there! I'd like to change my flight reservation." });
    expect(passed.steps.at(-1)?.role).toBe("user");
  });

  test("tool calls pair with their results by id, args parsed to objects", () => {
    const call = passed.steps[4];
    expect(call).toMatchObject({ role: "assistant", kind: "tool_call", toolName: "get_user_details", toolCallId: "call_ztbxGlsMpczBygT2okQo2s7W", toolArgs: { user_id: "aarav_garcia_1177" } });
    const result = passed.steps.find((s) => s.kind === "tool_result" && s.toolCallId === call.toolCallId)!;
    expect(result.index).toBeGreaterThan(call.index);
    expect(result).toMatchObject({ role: "tool", toolName: "get_user_details" });
    expect(result.text).toContain('"first_name": "Aarav"');
  });

  test("call ids the model reused within one conversation are made unique", () => {
    const ids = failed.steps.filter((s) => s.kind === "tool_call").map((s) => s.toolCallId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(failed.metadata.reusedCallIds).toBe(2);
    const second = failed.steps[12];
    expect(second).toMatchObject({ kind: "tool_call", toolName: "search_onestop_flight", toolCallId: "call_HGn16KZh9oNCruxsMJ4gYXan~2" });
    expect(failed.steps[13]).toMatchObject({ kind: "tool_result", toolCallId: "call_HGn16KZh9oNCruxsMJ4gYXan~2" });
  });
});

test("tau-bench crash record: error step, failure from the reward it carries", async () => {
  const [t] = await parseCorpusFile(openaiChatFormat, "openai-chat/taubench_deepseek_error.json");
  expect(t).toMatchObject({ externalId: "0/0", taskId: "0", outcome: "failure", reward: 0, harness: "tau-bench", instruction: "" });
  expect(t.steps).toHaveLength(1);
  expect(t.steps[0]).toMatchObject({ role: "system", kind: "error", isError: true });
  expect(t.steps[0].text).toMatch(/^EOF when reading a line/);
  expect(t.steps[0].text).toContain("EOFError");
  expect(t.metadata.error).toBe("EOF when reading a line");
});

test("VCR cassette: history once, every response with its usage and time", async () => {
  const [t] = await parseCorpusFile(openaiChatFormat, "openai-chat/pydanticai_cassette_openai_chat_tool_output.yaml");
  expect(t.externalId).toBe("pydanticai_cassette_openai_chat_tool_output.yaml");
  expect(t.instruction).toBe("What is the largest city in the user country?");
  expect(t.model).toBe("gpt-4o-2024-08-06");
  expect(t.outcome).toBe("unknown");
  expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["user/message", "assistant/tool_call", "tool/tool_result", "assistant/tool_call"]);
  expect(t.steps[1]).toMatchObject({ toolName: "get_user_country", toolArgs: {}, toolCallId: "call_iXFttys57ap0o16JSlC8yhYo", timestamp: "2025-05-01T23:36:24.000Z", tokens: { input: 68, output: 12 } });
  expect(t.steps[2]).toMatchObject({ text: "Mexico", toolCallId: "call_iXFttys57ap0o16JSlC8yhYo", toolName: "get_user_country" });
  expect(t.steps[3]).toMatchObject({ toolName: "final_result", toolArgs: { city: "Mexico City", country: "Mexico" }, tokens: { input: 89, output: 36 } });
  expect(t.tokens).toEqual({ input: 157, output: 48 });
  expect(t.metadata).toMatchObject({ container: "vcr-cassette", interactions: 2, requestModel: "gpt-4o", finishReasons: ["tool_calls", "tool_calls"] });
});

describe("synthetic inputs", () => {
  test("fine-tune JSONL: reasoning_content and <think> become thoughts; bad lines are rejected, good ones kept", async () => {
    const good = {
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "List files" }] },
        { role: "assistant", reasoning_content: "User wants ls.", content: "<think>Use the shell.</think>Running ls.", tool_calls: [{ id: "c1", type: "function", function: { name: "shell", arguments: '{"cmd": "ls"' } }] },
        { role: "tool", tool_call_id: "c1", content: "a.txt" },
        { role: "assistant", content: "One file: a.txt" },
      ],
    };
    const jsonl = [JSON.stringify(good), "{not json", JSON.stringify({ messages: "oops" }), JSON.stringify({ messages: [{ role: "user", content: "hi" }, { content: "no role" }] })].join("\n");
    const items = await parseMemory(openaiChatFormat, "ft.jsonl", jsonl);
    const [t] = trajectories(items);
    expect(t.externalId).toBe("ft.jsonl#1");
    expect(t.instruction).toBe("List files");
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["system/message", "user/message", "assistant/thought", "assistant/message", "assistant/tool_call", "tool/tool_result", "assistant/message"]);
    expect(t.steps[2].text).toBe("User wants ls.\n\nUse the shell.");
    expect(t.steps[3].text).toBe("Running ls.");
    expect(t.steps[4].toolArgs).toEqual({ _raw: '{"cmd": "ls"' });
    expect(rejected(items)).toEqual([
      { file: "ft.jsonl", line: 2, reason: expect.stringMatching(/^line is not JSON/) },
      { file: "ft.jsonl", line: 3, field: "messages", reason: "expected an object with a messages array" },
      { file: "ft.jsonl", line: 4, field: "messages[1].role", reason: expect.stringContaining("not a chat message") },
    ]);
  });

  test("bare message array with legacy function calling pairs the id-less result with the open call", async () => {
    const doc = [
      { role: "user", content: "Weather?" },
      { role: "assistant", content: null, function_call: { name: "weather", arguments: '{"city":"Oslo"}' } },
      { role: "function", name: "weather", content: "rain" },
    ];
    const [t] = trajectories(await parseMemory(openaiChatFormat, "chat.json", JSON.stringify(doc)));
    expect(t.externalId).toBe("chat.json");
    expect(t.steps[1]).toMatchObject({ kind: "tool_call", toolName: "weather", toolArgs: { city: "Oslo" } });
    expect(t.steps[2]).toMatchObject({ kind: "tool_result", toolName: "weather", toolCallId: t.steps[1].toolCallId });
  });

  test("tau-bench: fractional reward stays unknown, a record without traj is rejected alone", async () => {
    const records = [
      { task_id: 3, reward: 0.5, trial: 1, info: { task: { instruction: "Cancel my trip." } }, traj: [{ role: "user", content: "hi" }] },
      { task_id: 4, reward: 1, trial: 0, info: {} },
    ];
    const items = await parseMemory(openaiChatFormat, "tau.json", JSON.stringify(records));
    expect(trajectories(items)).toEqual([expect.objectContaining({ externalId: "3/1", outcome: "unknown", reward: 0.5, instruction: "Cancel my trip." })]);
    expect(rejected(items)).toEqual([{ file: "tau.json", record: "[1]", field: "traj", reason: "tau-bench record has no traj message list" }]);
    const lenient = trajectories(await parseMemory(openaiChatFormat, "tau.json", JSON.stringify(records.slice(0, 1)), { successThreshold: 0.5 }));
    expect(lenient[0].outcome).toBe("success");
  });

  test("vcrpy JSON cassette on an Azure path: detected by its request uri, rebuilt like the YAML ones", async () => {
    const uri = "https://x.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-06-01";
    const user = { role: "user", content: "2+2?" };
    const cassette = {
      interactions: [
        { request: { method: "POST", uri, body: JSON.stringify({ messages: [user] }) }, response: { status: { code: 200 }, body: { string: JSON.stringify({ model: "gpt-4o", created: 1700000000, choices: [{ message: { role: "assistant", content: "4" }, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 1 } }) } } },
      ],
      version: 1,
    };
    const text = JSON.stringify(cassette, null, 4);
    const probe = await buildProbe(memoryFiles({ "c.json": text })[0]);
    expect([openaiChatFormat, openaiResponsesFormat, anthropicMessagesFormat].map((f) => f.detect(probe))).toEqual([true, false, false]);
    const [t] = trajectories(await parseMemory(openaiChatFormat, "c.json", text));
    expect(t.steps.map((s) => `${s.role}:${s.text}`)).toEqual(["user:2+2?", "assistant:4"]);
    expect(t.steps[1].tokens).toEqual({ input: 5, output: 1 });
    expect(t.metadata).toMatchObject({ endpoint: uri, finishReasons: ["stop"] });
  });

  test("truncated JSON is one rejected item", async () => {
    const items = await parseMemory(openaiChatFormat, "cut.json", '[{"role": "user", "content": "hi"}, {"role": "assis');
    expect(items).toEqual([{ kind: "rejected", issue: { file: "cut.json", reason: expect.stringMatching(/^invalid JSON/) } }]);
  });
});
