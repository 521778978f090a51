import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusFile, corpusNames, only } from "../../testing/corpus";
import type { TTrajectory } from "../model";
import { memoryFiles } from "../source";
import { openhandsFormat } from "./openhands";

describe("openhands detect", () => {
  it("claims exactly the openhands corpus files", async () => {
    expect(await claimedBy(openhandsFormat)).toEqual(corpusNames().filter((n) => n.startsWith("openhands/")).sort());
  });
});

describe("openhands event lists", () => {
  it("basic: edit action paired with its observation by cause, finish is the final message", async () => {
    const t = await only(openhandsFormat, corpusFile("openhands", "openhands_basic.json"));
    expect(t.externalId).toBe("openhands_basic");
    expect(t.harness).toBe("openhands");
    expect(t.model).toBe("claude-3-5-sonnet-20241022");
    expect(t.outcome).toBe("unknown");
    expect(t.instruction).toBe("Please create a simple 2048 game. No need to run it. Please finish the interaction after your finish coding.");
    expect(t.steps.map((s) => `${s.role}:${s.kind}`)).toEqual(["user:message", "assistant:thought", "assistant:tool_call", "tool:tool_result", "assistant:message"]);
    expect(t.steps[2]).toMatchObject({ toolName: "str_replace_editor", toolCallId: "toolu_017nBp7UfiGqyrA7j77HgtFP" });
    expect(t.steps[2].toolArgs).toHaveProperty("path", "/workspace/game_2048.py");
    expect(t.steps[2].toolArgs).not.toHaveProperty("thought");
    expect(t.steps[3]).toMatchObject({ toolCallId: "toolu_017nBp7UfiGqyrA7j77HgtFP", isError: false, timestamp: "2025-01-27T22:45:13.801Z" });
    expect(t.steps[1].tokens).toEqual({ input: 3486, output: 1135, cached: 0 });
    expect(t.steps[4].text.startsWith("I've created a simple implementation of the 2048 game")).toBe(true);
    expect(t.metadata.finished).toBe(true);
  });

  it("basic_interactions: multi-turn user/agent messages", async () => {
    const t = await only(openhandsFormat, corpusFile("openhands", "openhands_basic_interactions.json"));
    expect(t.instruction).toBe("what's 1+1?");
    expect(t.model).toBe("gpt-4o-2024-08-06");
    expect(t.steps.map((s) => s.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
    expect(t.steps[1].text).toBe("1 + 1 equals 2.");
    expect(t.steps.at(-1)).toMatchObject({ text: "All done! What's next on the agenda?", tokens: { input: 2473, output: 10, cached: 2304 } });
  });

  it("wrong_initial_state: read/run/read actions each answered by their observation", async () => {
    const t = await only(openhandsFormat, corpusFile("openhands", "openhands_wrong_initial_state.json"));
    expect(t.instruction).toBe("Please rename game_2048.py to 2048.py");
    expect(t.steps).toHaveLength(11);
    const run = t.steps.find((s) => s.kind === "tool_call" && s.toolName === "execute_bash")!;
    expect(run.toolArgs).toMatchObject({ command: "mv /workspace/game_2048.py /workspace/2048.py" });
    const result = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === run.toolCallId)!;
    expect(result).toMatchObject({ index: run.index + 1, isError: false, toolName: "execute_bash" });
    expect(t.tokens).toEqual({ input: 3475 + 3616 + 3804 + 3933, output: 95 + 111 + 85 + 67, cached: 0 + 3471 + 3610 + 3798 });
  });
});

describe("openhands EvalOutput", () => {
  it("ponyc-4588: streamed line, harness error kept, failing commands flagged", async () => {
    const parsed = await collect(openhandsFormat, corpusFile("openhands", "openhands_evaloutput_ponyc-4588.jsonl"));
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ kind: "trajectory", line: 1 });
    const t = (parsed[0] as { trajectory: TTrajectory }).trajectory;
    expect(t.externalId).toBe("ponylang__ponyc-4588");
    expect(t.taskId).toBe("ponylang__ponyc-4588");
    expect(t.model).toBe("openai/openrouter-llama-4-maverick");
    // test_result has only the patch, no report: not graded
    expect(t.outcome).toBe("unknown");
    expect(t.reward).toBeUndefined();
    expect(t.instruction.startsWith("<uploaded_files>\n/workspace/ponylang__ponyc__0.1\n</uploaded_files>")).toBe(true);
    expect(t.steps).toHaveLength(149);
    expect(t.steps.filter((s) => s.kind === "tool_call")).toHaveLength(48);
    expect(t.steps.filter((s) => s.kind === "tool_result" && s.isError)).toHaveLength(24);
    const grep = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === "toolu_06")!;
    expect(grep.isError).toBe(true); // grep exited 1
    const editError = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === "toolu_10")!;
    expect(editError.text.startsWith("ERROR:\nNo replacement was performed")).toBe(true);
    expect(editError.isError).toBe(true);
    // an error observation with no action behind it, and the iteration-limit error at the end
    expect(t.steps.filter((s) => s.kind === "error").map((s) => s.text.slice(0, 30))).toEqual([
      "Parameter 'command' is expecte",
      "RuntimeError: Agent reached ma",
    ]);
    expect(t.metadata).toMatchObject({ error: expect.stringContaining("maximum iteration"), agentClass: "CodeActAgent", maxIterations: 50, repo: "ponylang/ponyc" });
    expect(String(t.metadata.gitPatch)).toContain("diff --git a/src/libponyc/expr/match.c");
    expect(t.tokens).toEqual({ input: 938015, output: 5627 });
    expect(t.steps.find((s) => s.kind === "thought" && s.text.startsWith("The `make_pattern_type` function is crucial"))).toBeDefined();
  });
});

describe("openhands EvalOutput grading and bad input (synthetic)", () => {
  const event = (o: Record<string, unknown>) => ({ timestamp: "2025-04-30T17:56:40.640800", ...o });
  const evalLine = (id: string, resolved?: boolean) =>
    JSON.stringify({
      instance_id: id,
      instruction: `fix ${id}`,
      history: [
        event({ id: 1, source: "user", action: "message", args: { content: `fix ${id}` } }),
        event({ id: 2, source: "agent", action: "run", args: { command: "false", thought: "try" }, tool_call_metadata: { function_name: "execute_bash", tool_call_id: "c1" } }),
        event({ id: 3, source: "agent", observation: "run", cause: 2, content: "", extras: { metadata: { exit_code: 1 } } }),
        event({ id: 4, source: "agent", action: "finish", args: { final_thought: "done" } }),
      ],
      metadata: { llm_config: { model: "gpt-4o" } },
      error: null,
      test_result: resolved === undefined ? { git_patch: "" } : { git_patch: "diff", report: { resolved } },
    });

  it("takes the outcome from test_result.report.resolved", async () => {
    const file = memoryFiles({ "out.jsonl": [evalLine("a__a-1", true), evalLine("b__b-2", false), evalLine("a__a-1")].join("\n") })[0];
    const parsed = await collect(openhandsFormat, file);
    const ts = parsed.map((p) => (p as { trajectory: TTrajectory }).trajectory);
    expect(ts.map((t) => [t.externalId, t.outcome, t.reward])).toEqual([
      ["a__a-1", "success", 1],
      ["b__b-2", "failure", 0],
      ["a__a-1#3", "unknown", undefined],
    ]);
    expect(ts[0].steps.map((s) => `${s.role}:${s.kind}${s.isError ? "!" : ""}`)).toEqual([
      "user:message", "assistant:thought", "assistant:tool_call", "tool:tool_result!", "assistant:message",
    ]);
    expect(ts[0].steps[3]).toMatchObject({ toolCallId: "c1", toolName: "execute_bash", timestamp: "2025-04-30T17:56:40.640Z" });
  });

  it("rejects a non-JSON line, a line missing history and a bad event, and goes on", async () => {
    const bad = JSON.parse(evalLine("c__c-3", true));
    bad.history.splice(1, 0, { id: 9, source: "agent" });
    const lines = [evalLine("a__a-1", true), "{oops", JSON.stringify({ instance_id: "x", instruction: "x" }), JSON.stringify(bad), '{"instance_id": "trunc", "history": [{'];
    const parsed = await collect(openhandsFormat, memoryFiles({ "out.jsonl": lines.join("\n") })[0]);
    expect(parsed.filter((p) => p.kind === "rejected").map((p) => (p as { issue: unknown }).issue)).toEqual([
      { file: "out.jsonl", line: 2, reason: "line is not valid JSON" },
      { file: "out.jsonl", line: 3, field: "history", reason: "EvalOutput line has no history array" },
      { file: "out.jsonl", line: 4, record: "history[1]", field: "action", reason: "event has neither an action nor an observation" },
      { file: "out.jsonl", line: 5, reason: "line is not valid JSON" },
    ]);
    expect(parsed.filter((p) => p.kind === "trajectory").map((p) => (p as { trajectory: TTrajectory }).trajectory.externalId)).toEqual(["a__a-1", "c__c-3"]);
  });

  it("rejects a truncated event list as a whole file", async () => {
    const parsed = await collect(openhandsFormat, memoryFiles({ "events.json": '[{"id": 0, "source": "user", "action": "mess' })[0]);
    expect(parsed).toEqual([{ kind: "rejected", issue: { file: "events.json", reason: expect.stringContaining("not valid JSON") } }]);
  });
});
