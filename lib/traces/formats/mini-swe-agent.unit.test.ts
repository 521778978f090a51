import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusFile, corpusNames, only } from "../../testing/corpus";
import type { TTrajectory } from "../model";
import { buildProbe } from "../probe";
import { memoryFiles } from "../source";
import { miniSweAgentFormat } from "./mini-swe-agent";

const TEMPLATE = "Please solve this issue: {{task}}\n\nYou can execute bash commands and edit files to implement the necessary changes.";

describe("mini-swe-agent detect", () => {
  it("claims exactly the mini-swe-agent corpus files", async () => {
    expect(await claimedBy(miniSweAgentFormat)).toEqual(corpusNames().filter((n) => n.startsWith("mini-swe-agent/")).sort());
  });
});

describe("mini-swe-agent corpus (v1.13.4 text mode)", () => {
  it("splits THOUGHT + ```bash``` turns and pairs <returncode> observations", async () => {
    const file = corpusFile("mini-swe-agent", "harbor-rfc_mini-swe-agent-trajectory.json");
    const t = await only(miniSweAgentFormat, file);
    expect(t.externalId).toBe("harbor-rfc_mini-swe-agent-trajectory");
    expect(t.taskId).toBeUndefined();
    expect(t.harness).toBe("mini-swe-agent");
    expect(t.model).toBe("anthropic/claude-3-5-sonnet-20241022");
    expect(t.outcome).toBe("unknown");
    expect(t.instruction).toBe('Create a file called hello.txt with "Hello, world!" as the content.');
    expect(t.steps).toHaveLength(11);
    expect(t.steps.slice(0, 5).map((s) => `${s.role}:${s.kind}`)).toEqual(["system:message", "user:message", "assistant:thought", "assistant:tool_call", "tool:tool_result"]);
    expect(t.steps[2].text.startsWith("To create a file called hello.txt")).toBe(true);
    expect(t.steps[3]).toMatchObject({ toolName: "bash", toolArgs: { command: 'echo "Hello, world!" > hello.txt' }, timestamp: "2025-10-10T06:35:27.000Z" });
    expect(t.steps[2].tokens).toEqual({ input: 752, output: 69, cached: 0 });
    const cat = t.steps.find((s) => s.kind === "tool_call" && s.toolArgs!.command === "cat hello.txt")!;
    const out = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === cat.toolCallId)!;
    expect(out.index).toBe(cat.index + 1);
    expect(out).toMatchObject({ text: "Hello, world!", isError: false, toolName: "bash" });
    expect(t.steps.at(-2)!.toolArgs).toEqual({ command: "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT" });
    expect(t.metadata).toMatchObject({ exitStatus: "Submitted", miniVersion: "1.13.4", trajectoryFormat: "mini-swe-agent-1" });
    expect(t.tokens).toEqual({ input: 752 + 841 + 919, output: 69 + 53 + 77, cached: 0 });
  });
});

describe("mini-swe-agent v1 text mode edge cases (synthetic)", () => {
  it("flags non-zero return codes and timeouts, keeps format errors as feedback", async () => {
    const doc = {
      trajectory_format: "mini-swe-agent-1",
      info: { exit_status: "LimitsExceeded", mini_version: "1.9.0", config: { agent: { instance_template: TEMPLATE } } },
      messages: [
        { role: "system", content: "sys" },
        { role: "user", content: "Please solve this issue: Fix the build\n\nYou can execute bash commands and edit files to implement the necessary changes." },
        { role: "assistant", content: "THOUGHT: run make\n\n```bash\nmake\n```" },
        { role: "user", content: "<returncode>2</returncode>\n<output>\nmake: *** No rule\n</output>" },
        { role: "assistant", content: "Two commands\n```bash\nls\n```\n```bash\npwd\n```" },
        { role: "user", content: "Please always provide EXACTLY ONE action in triple backticks." },
        { role: "assistant", content: "THOUGHT: wait\n\n```bash\nsleep 100\n```" },
        { role: "user", content: "The last command <command>sleep 100</command> timed out and has been killed.\nThe output of the command was:\n <output>\n\n</output>" },
      ],
    };
    const t = await only(miniSweAgentFormat, memoryFiles({ "run/task-7.traj.json": JSON.stringify(doc) })[0]);
    expect(t.externalId).toBe("task-7");
    expect(t.instruction).toBe("Fix the build");
    expect(t.steps.map((s) => `${s.role}:${s.kind}${s.isError ? "!" : ""}`)).toEqual([
      "system:message", "user:message",
      "assistant:thought", "assistant:tool_call", "tool:tool_result!",
      "assistant:message", "user:message",
      "assistant:thought", "assistant:tool_call", "tool:tool_result!",
    ]);
    expect(t.steps[4].text).toBe("make: *** No rule");
    expect(t.metadata.exitStatus).toBe("LimitsExceeded");
  });
});

describe("mini-swe-agent v2 tool-call mode (synthetic fixture, no real v2 file exists)", () => {
  it("maps tool_calls and role:tool messages by id, exit message to metadata", async () => {
    const doc = {
      info: {
        model_stats: { instance_cost: 0.01, api_calls: 2 },
        config: { agent: { instance_template: TEMPLATE }, model: { model_name: "anthropic/claude-sonnet-4-5-20250929" }, agent_type: "minisweagent.agents.default.DefaultAgent" },
        mini_version: "2.0.0",
        exit_status: "Submitted",
        submission: "diff --git a/README.md b/README.md",
      },
      instance_id: "org__repo-12",
      messages: [
        { role: "system", content: "You are a helpful assistant.", extra: { timestamp: 1760000000 } },
        { role: "user", content: [{ type: "text", text: "Please solve this issue: Fix the typo in README\n\nYou can execute bash commands and edit files to implement the necessary changes." }] },
        {
          role: "assistant", content: "Let me read the README first.",
          tool_calls: [{ id: "call_1", type: "function", function: { name: "bash", arguments: '{"command": "cat README.md"}' } }],
          extra: { actions: [{ command: "cat README.md", tool_call_id: "call_1" }], timestamp: 1760000001.5, response: { model: "claude-sonnet-4-5-20250929", usage: { prompt_tokens: 120, completion_tokens: 30 } } },
        },
        { role: "tool", tool_call_id: "call_1", content: "<returncode>1</returncode>\n<output>\ncat: README.md: No such file\n</output>", extra: { raw_output: "cat: README.md: No such file", returncode: 1, timestamp: 1760000002 } },
        {
          role: "assistant", content: null,
          tool_calls: [{ id: "call_2", type: "function", function: { name: "bash", arguments: "{not json" } }],
          extra: { timestamp: 1760000003, response: { usage: { prompt_tokens: 200, completion_tokens: 10 } } },
        },
        { role: "tool", tool_call_id: "call_2", content: "ok", extra: { returncode: 0, timestamp: 1760000004 } },
        { role: "exit", content: "", extra: { exit_status: "Submitted", submission: "diff --git a/README.md b/README.md" } },
      ],
      trajectory_format: "mini-swe-agent-1.1",
    };
    const [file] = memoryFiles({ "org__repo-12.traj.json": JSON.stringify(doc) });
    expect(miniSweAgentFormat.detect(await buildProbe(file))).toBe(true);
    const t = await only(miniSweAgentFormat, file);
    expect(t).toMatchObject({ externalId: "org__repo-12", taskId: "org__repo-12", instruction: "Fix the typo in README", model: "anthropic/claude-sonnet-4-5-20250929" });
    expect(t.steps.map((s) => `${s.role}:${s.kind}`)).toEqual([
      "system:message", "user:message", "assistant:thought", "assistant:tool_call", "tool:tool_result", "assistant:tool_call", "tool:tool_result",
    ]);
    expect(t.steps[3]).toMatchObject({ toolCallId: "call_1", toolArgs: { command: "cat README.md" }, timestamp: "2025-10-09T08:53:21.500Z" });
    expect(t.steps[4]).toMatchObject({ toolCallId: "call_1", toolName: "bash", isError: true, text: "cat: README.md: No such file" });
    expect(t.steps[5]).toMatchObject({ toolArgs: { _raw: "{not json" }, tokens: { input: 200, output: 10 } });
    expect(t.steps[6]).toMatchObject({ toolCallId: "call_2", isError: false });
    expect(t.tokens).toEqual({ input: 320, output: 40 });
    expect(t.metadata).toMatchObject({ exitStatus: "Submitted", trajectoryFormat: "mini-swe-agent-1.1", submission: "diff --git a/README.md b/README.md" });
  });
});

describe("mini-swe-agent bad input (synthetic)", () => {
  it("rejects truncated JSON", async () => {
    expect(await collect(miniSweAgentFormat, memoryFiles({ "x.traj.json": '{"messages": [{"role": "us' })[0])).toEqual([
      { kind: "rejected", issue: { file: "x.traj.json", reason: expect.stringContaining("not valid JSON") } },
    ]);
  });

  it("rejects a message without a role and keeps the others", async () => {
    const doc = { trajectory_format: "mini-swe-agent-1", info: {}, messages: [{ role: "user", content: "task" }, { content: "who am I" }, { role: "assistant", content: "done" }] };
    const parsed = await collect(miniSweAgentFormat, memoryFiles({ "y.traj.json": JSON.stringify(doc) })[0]);
    expect(parsed[0]).toEqual({ kind: "rejected", issue: { file: "y.traj.json", record: "messages[1]", field: "role", reason: "message is not an object with a role" } });
    expect((parsed[1] as { trajectory: TTrajectory }).trajectory.steps.map((s) => s.text)).toEqual(["task", "done"]);
  });
});
