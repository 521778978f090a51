import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusFile, corpusNames, only } from "../../testing/corpus";
import type { TTrajectory } from "../model";
import { memoryFiles } from "../source";
import { sweAgentFormat } from "./swe-agent";

describe("swe-agent detect", () => {
  it("claims exactly the swe-agent corpus files", async () => {
    expect(await claimedBy(sweAgentFormat)).toEqual(corpusNames().filter((n) => n.startsWith("swe-agent/")).sort());
  });
});

describe("swe-agent corpus", () => {
  it("pydicom__pydicom-1458: steps from trajectory[], demonstration skipped, exit status kept", async () => {
    const t = await only(sweAgentFormat, corpusFile("swe-agent", "pydicom__pydicom-1458.traj"));
    expect(t.externalId).toBe("pydicom__pydicom-1458");
    expect(t.taskId).toBe("pydicom__pydicom-1458");
    expect(t.harness).toBe("swe-agent");
    expect(t.outcome).toBe("unknown");
    expect(t.reward).toBeUndefined();
    expect(t.instruction.startsWith("We're currently solving the following issue within our repository. Here's the issue text:\nISSUE:\nPixel Representation attribute should be optional")).toBe(true);
    expect(t.steps).toHaveLength(2 + 12 * 3);
    expect(t.steps.slice(0, 5).map((s) => `${s.role}:${s.kind}`)).toEqual(["system:message", "user:message", "assistant:thought", "assistant:tool_call", "tool:tool_result"]);
    expect(t.steps.some((s) => s.text.includes("--- DEMONSTRATION ---"))).toBe(false);
    expect(t.metadata).toMatchObject({ exitStatus: "submitted", demonstrationsSkipped: 1 });
    expect(String(t.metadata.submission)).toContain("diff --git a/pydicom/pixel_data_handlers/numpy_handler.py");
    expect(t.tokens).toEqual({ input: 122612, output: 1369 });
    const call = t.steps[3];
    expect(call).toMatchObject({ toolName: "create", toolArgs: { command: "create reproduce_bug.py" }, toolCallId: "swe-1" });
    expect(t.steps[4]).toMatchObject({ toolCallId: "swe-1", toolName: "create" });
    // three edits rejected by SWE-agent's linter, then one that applies
    const edits = t.steps.filter((s) => s.kind === "tool_result" && s.toolName === "edit");
    expect(edits.map((s) => !!s.isError)).toEqual([false, true, true, true, false]);
  });

  it("swe-agent__test-repo-i1: a five-turn gpt-4 run", async () => {
    const t = await only(sweAgentFormat, corpusFile("swe-agent", "swe-agent__test-repo-i1.traj"));
    expect(t.externalId).toBe("swe-agent__test-repo-i1");
    expect(t.steps.filter((s) => s.kind === "tool_call").map((s) => s.toolName)).toEqual(["find_file", "open", "edit", "python", "submit"]);
    expect(t.steps.find((s) => s.toolCallId === "swe-4" && s.kind === "tool_result")!.text).toBe("8.2\n");
    expect(t.tokens).toEqual({ input: 52861, output: 326 });
    expect((t.metadata.modelStats as Record<string, unknown>).api_calls).toBe(5);
  });

  it("ctf_networking_1: EnIGMA demonstration replay with a flag submission", async () => {
    const t = await only(sweAgentFormat, corpusFile("swe-agent", "ctf_networking_1.traj"));
    expect(t.externalId).toBe("ctf_networking_1");
    expect(t.instruction.startsWith("We're currently solving the following CTF challenge.")).toBe(true);
    expect(t.steps).toHaveLength(14);
    expect(t.steps.at(-2)).toMatchObject({ kind: "tool_call", toolName: "submit", toolArgs: { command: "submit 'flag{d316759c281bf925d600be698a4973d5}'" } });
    expect(t.metadata).toMatchObject({ exitStatus: "submitted", submission: "flag{d316759c281bf925d600be698a4973d5}" });
    expect(t.tokens).toEqual({ input: 0, output: 0 });
  });
});

describe("swe-agent 1.x function calling (synthetic)", () => {
  it("takes tool names and ids from history, instruction and model from replay_config", async () => {
    const doc = {
      environment: "main",
      trajectory: [{ action: 'str_replace_editor view /repo/a.py', observation: "1 x = 1", response: "r", thought: "Look at a.py", state: {}, execution_time: 0.1 }],
      history: [
        { role: "system", content: "You are a helpful assistant", agent: "main", message_type: "system_prompt" },
        { role: "user", content: [{ type: "text", text: "<uploaded_files>/repo</uploaded_files> fix bug" }], agent: "main", message_type: "observation" },
        {
          role: "assistant", content: "Look at a.py", thought: "Look at a.py", action: "str_replace_editor view /repo/a.py", agent: "main", message_type: "action",
          tool_calls: [{ id: "call_abc", type: "function", function: { name: "str_replace_editor", arguments: '{"command":"view","path":"/repo/a.py"}' } }],
        },
        { role: "tool", content: "1 x = 1", tool_call_ids: ["call_abc"], agent: "main", message_type: "observation" },
      ],
      info: { exit_status: "exit_cost", model_stats: { tokens_sent: 100, tokens_received: 20, api_calls: 1 } },
      replay_config: JSON.stringify({ problem_statement: { id: "repo__repo-1", type: "text", text: "fix bug" }, agent: { model: { name: "claude-3-7-sonnet" } } }),
    };
    const t = await only(sweAgentFormat, memoryFiles({ "run/repo__repo-1.traj": JSON.stringify(doc) })[0]);
    expect(t).toMatchObject({ externalId: "repo__repo-1", taskId: "repo__repo-1", instruction: "fix bug", model: "claude-3-7-sonnet", outcome: "unknown" });
    expect(t.steps.map((s) => `${s.role}:${s.kind}`)).toEqual(["system:message", "user:message", "assistant:thought", "assistant:tool_call", "tool:tool_result"]);
    expect(t.steps[3]).toMatchObject({ toolName: "str_replace_editor", toolCallId: "call_abc", toolArgs: { command: "view", path: "/repo/a.py" } });
    expect(t.steps[4]).toMatchObject({ toolCallId: "call_abc" });
    expect(t.metadata.exitStatus).toBe("exit_cost");
  });
});

describe("swe-agent bad input (synthetic)", () => {
  it("rejects truncated JSON", async () => {
    const parsed = await collect(sweAgentFormat, memoryFiles({ "a.traj": '{"trajectory": [' })[0]);
    expect(parsed).toEqual([{ kind: "rejected", issue: { file: "a.traj", reason: expect.stringContaining("not valid JSON") } }]);
  });

  it("rejects an entry without an action and keeps the others", async () => {
    const doc = { trajectory: [{ observation: "lost" }, { action: "ls\n", observation: "a.py", thought: "list" }], history: [{ role: "user", content: "task" }], info: {} };
    const parsed = await collect(sweAgentFormat, memoryFiles({ "b.traj": JSON.stringify(doc) })[0]);
    expect(parsed[0]).toEqual({ kind: "rejected", issue: { file: "b.traj", record: "trajectory[0]", field: "action", reason: "trajectory entry has no action string" } });
    const t = (parsed[1] as { trajectory: TTrajectory }).trajectory;
    expect(t.steps.map((s) => s.kind)).toEqual(["message", "thought", "tool_call", "tool_result"]);
  });
});
