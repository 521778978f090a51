import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusNames, parseCorpus, trajectories } from "../../testing/corpus";
import type { TParsed } from "../format";
import { buildProbe } from "../probe";
import { memoryFiles } from "../source";
import { smolagentsFormat } from "./smolagents";
import { parsePyRepr } from "./smolagents/pyrepr";

describe("smolagents detect", () => {
  it("claims exactly the smolagents corpus files", async () => {
    expect(await claimedBy(smolagentsFormat)).toEqual(corpusNames().filter((n) => n.startsWith("smolagents/")).sort());
  });
});

describe("smolagents corpus (repr() intermediate steps)", () => {
  it("maps the text run: code actions paired with observations, outcome unknown with both answers kept", async () => {
    const [t] = await parseCorpus(smolagentsFormat, "smolagents", "smolagents_gaia_code_o1_text.jsonl");
    expect(t.externalId).toBe("smolagents_gaia_code_o1_text.jsonl#1");
    expect(t.harness).toBe("smolagents");
    expect(t.instruction.startsWith("What's the last line of the rhyme under the flavor name")).toBe(true);
    expect(t.outcome).toBe("unknown");
    expect(t.reward).toBeUndefined();
    expect(t.metadata).toMatchObject({ agentName: "code_o1_27-01_text", prediction: "Caused its demise", trueAnswer: "So we had to let it die.", gaiaLevel: "2" });
    expect(t.steps).toHaveLength(14);
    expect(t.steps.slice(0, 2).map((s) => `${s.role}/${s.kind}`)).toEqual(["system/message", "user/message"]);
    expect(t.steps[1].text).toContain("Here is the task:");
    expect(t.steps.slice(2, 5).map((s) => s.kind)).toEqual(["thought", "tool_call", "tool_result"]);

    const call = t.steps[3];
    expect(call).toMatchObject({ role: "assistant", toolName: "python_interpreter", toolCallId: "call_2" });
    expect(call.toolArgs).toEqual({ code: 'graveyard_page = navigational_web_search(query="Ben & Jerry\'s flavor graveyard")\nprint(graveyard_page)' });
    expect(call.timestamp).toBe(new Date(1738095985405.7019).toISOString());
    const result = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === "call_2")!;
    expect(result.index).toBeGreaterThan(call.index);
    expect(result.timestamp).toBe(new Date(1738095996316.2692).toISOString());
    expect(t.steps[2].text.startsWith("To solve this task, I need to find the page")).toBe(true);
    expect(t.steps[2].text).not.toContain("```");

    const last = t.steps[13];
    expect(last).toMatchObject({ kind: "tool_result", toolCallId: "call_5" });
    expect(last.text).toContain("Caused its demise.");
  });

  it("maps the vision run: opaque image reprs survive, echoed tool-call lists are dropped", async () => {
    const [t] = await parseCorpus(smolagentsFormat, "smolagents", "smolagents_gaia_code_o1_vision_line10.jsonl");
    expect(t.instruction.startsWith("In Nature journal's Scientific Reports conference proceedings from 2012")).toBe(true);
    expect(t.metadata).toMatchObject({ prediction: "diamond", trueAnswer: "diamond" });
    expect(t.outcome).toBe("unknown"); // equal strings are not a grader verdict
    expect(t.steps.filter((s) => s.kind === "tool_call").map((s) => s.toolCallId)).toEqual(["call_2", "call_3", "call_4", "call_5", "call_6", "call_7"]);
    expect(t.steps.filter((s) => s.kind === "tool_result")).toHaveLength(6);
    expect(t.steps).toHaveLength(19); // the final step's output is only code, so it has no thought
    expect(t.steps.some((s) => s.text.includes("[{'id': 'call_"))).toBe(false);
    expect(t.steps.find((s) => s.toolCallId === "call_7" && s.kind === "tool_call")!.toolArgs).toEqual({ code: 'final_answer("diamond")' });
  });
});

describe("smolagents other shapes (synthetic)", () => {
  it("maps memory dicts with errors and token usage, and chat-message steps", async () => {
    const run = {
      agent_name: "tool_agent",
      task_id: "t-42",
      question: "What is 6*7?",
      prediction: "42",
      true_answer: "42",
      model_id: "gpt-4.1",
      intermediate_steps: [
        { task: "What is 6*7?", task_images: null },
        {
          step_number: 1,
          timing: { start_time: 1738000000, end_time: 1738000002.5 },
          model_output: "I will compute it.",
          tool_calls: [{ id: "c1", type: "function", function: { name: "calculator", arguments: '{"expr": "6*7"}' } }],
          observations: null,
          error: { type: "AgentToolExecutionError", message: "division by zero" },
          token_usage: { input_tokens: 100, output_tokens: 20 },
        },
        { step_number: 2, model_output: "Parsing failed", tool_calls: [], error: "AgentParsingError: no code blob", token_usage: { input_tokens: 5, output_tokens: 1 } },
        { role: "tool-call", content: [{ type: "text", text: "Calling tools:\n[{'id': 'c2', 'type': 'function', 'function': {'name': 'calculator', 'arguments': {'expr': '6*7'}}}]" }] },
        { role: "tool-response", content: [{ type: "text", text: "Call id: c2\nObservation:\n42" }] },
        { output: "42" },
      ],
    };
    const parsed = await collect(smolagentsFormat, memoryFiles({ "run.jsonl": JSON.stringify(run) + "\n" })[0]);
    const [t] = trajectories(parsed);
    expect(t).toMatchObject({ externalId: "tool_agent:t-42", taskId: "t-42", model: "gpt-4.1", outcome: "unknown" });
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual([
      "user/message",
      "assistant/thought",
      "assistant/tool_call",
      "tool/tool_result",
      "assistant/message",
      "system/error",
      "assistant/tool_call",
      "tool/tool_result",
      "assistant/message",
    ]);
    expect(t.steps[1].tokens).toEqual({ input: 100, output: 20 });
    expect(t.steps[2]).toMatchObject({ toolName: "calculator", toolArgs: { expr: "6*7" }, toolCallId: "c1" });
    expect(t.steps[3]).toMatchObject({ toolCallId: "c1", isError: true, timestamp: "2025-01-27T17:46:42.500Z" });
    expect(t.steps[3].text).toContain("division by zero");
    expect(t.steps[5]).toMatchObject({ isError: true, text: "AgentParsingError: no code blob" });
    expect(t.steps[6]).toMatchObject({ toolCallId: "c2", toolArgs: { expr: "6*7" } });
    expect(t.steps[7]).toMatchObject({ toolCallId: "c2", text: "42", toolName: "calculator" });
    expect(t.tokens).toEqual({ input: 105, output: 21 });
  });

  it("maps a JSON list of memory steps as one trajectory", async () => {
    const steps = [
      { task: "Find the capital of France" },
      { step_number: 1, model_output_message: { role: "assistant", content: "Thought: search\nCode:\n```py\nprint(search('capital of France'))\n```" }, tool_calls: [{ id: "call_1", type: "function", function: { name: "python_interpreter", arguments: "print(search('capital of France'))" } }], observations: "Paris" },
    ];
    const file = memoryFiles({ "memory.json": JSON.stringify(steps) })[0];
    expect(smolagentsFormat.detect(await buildProbe(file))).toBe(true);
    const [t] = trajectories(await collect(smolagentsFormat, file));
    expect(t).toMatchObject({ externalId: "memory.json", instruction: "Find the capital of France" });
    expect(t.steps.map((s) => s.kind)).toEqual(["message", "thought", "tool_call", "tool_result"]);
    expect(t.steps[1].text).toBe("search");
    expect(t.steps[2].toolArgs).toEqual({ code: "print(search('capital of France'))" });
  });

  it("reads Python reprs without evaluating them", () => {
    expect(parsePyRepr("ToolCall(name='x', arguments={'a': [1, 2.5, None, True]}, id='c')")).toEqual({ __type: "ToolCall", name: "x", arguments: { a: [1, 2.5, null, true] }, id: "c" });
    expect(parsePyRepr(`E('it\\'s', "\\x41\\n", r'\\d')`)).toEqual({ __type: "E", __args: ["it's", "A\n", "\\d"] });
    expect(parsePyRepr("[<PIL.Image.Image image mode=RGB size=1x1 at 0x1>]")).toEqual(["<PIL.Image.Image image mode=RGB size=1x1 at 0x1>"]);
    expect(() => parsePyRepr("ActionStep(tool_calls=[")).toThrow();
  });
});

describe("smolagents bad input", () => {
  it("rejects a non-JSON line and a record without steps, keeps the valid lines", async () => {
    const good = { agent_name: "a", question: "q", prediction: "p", true_answer: "t", intermediate_steps: ["TaskStep(task='q')"] };
    const text = [JSON.stringify(good), '{"agent_name": "a", "question": "cut', JSON.stringify({ agent_name: "a", question: "q2" }), JSON.stringify(good)].join("\n");
    const parsed = await collect(smolagentsFormat, memoryFiles({ "runs.jsonl": text })[0]);
    expect(parsed.map((p) => p.kind)).toEqual(["trajectory", "rejected", "rejected", "trajectory"]);
    expect(parsed[1]).toMatchObject({ issue: { file: "runs.jsonl", line: 2 } });
    expect((parsed[1] as Extract<TParsed, { kind: "rejected" }>).issue.reason).toMatch(/not JSON/);
    expect(parsed[2]).toMatchObject({ issue: { file: "runs.jsonl", line: 3, field: "intermediate_steps" } });
    expect(trajectories(parsed).map((t) => t.externalId)).toEqual(["runs.jsonl#1", "runs.jsonl#4"]);
  });

  it("keeps an unparsable repr step as text instead of dropping the run", async () => {
    const run = { agent_name: "a", question: "q", prediction: "p", intermediate_steps: ["ActionStep(tool_calls=[ToolCall(name='x'", "TaskStep(task='q')"] };
    const [t] = trajectories(await collect(smolagentsFormat, memoryFiles({ "r.jsonl": JSON.stringify(run) })[0]));
    expect(t.steps[0]).toMatchObject({ kind: "message", text: "ActionStep(tool_calls=[ToolCall(name='x'" });
    expect(t.steps[1]).toMatchObject({ role: "user", text: "q" });
  });

  it("rejects a truncated JSON list as one item", async () => {
    const parsed = await collect(smolagentsFormat, memoryFiles({ "m.json": '[{"step_number": 1, "model_output_message": ' })[0]);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ kind: "rejected", issue: { file: "m.json" } });
  });
});
