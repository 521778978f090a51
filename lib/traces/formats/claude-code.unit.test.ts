import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusDir, corpusNames, parseCorpus } from "../../testing/corpus";
import type { TTrajectory } from "../model";
import { memoryFiles } from "../source";
import { claudeCodeFormat } from "./claude-code";

const DIR = corpusDir("claude-code");

function pairOf(t: TTrajectory, callId: string) {
  const call = t.steps.find((s) => s.kind === "tool_call" && s.toolCallId === callId)!;
  const result = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === callId)!;
  return { call, result };
}

describe("claude-code detect", () => {
  it("claims exactly the claude-code corpus files", async () => {
    expect(await claimedBy(claudeCodeFormat)).toEqual(corpusNames().filter((n) => n.startsWith("claude-code/")).sort());
  });

  it("treats no corpus file as secondary (the sub-agent sample has no parent beside it)", () => {
    expect(claudeCodeFormat.secondaryFiles!(fs.readdirSync(DIR))).toEqual([]);
  });

  it("marks sub-agent files secondary only when their session file is in the upload", () => {
    const sid = "8463c716-a2ea-4c14-9efa-87158ebd9f20";
    const names = [`p/${sid}.jsonl`, `p/${sid}/subagents/agent-a1.jsonl`, `q/other/subagents/agent-a2.jsonl`, "r/agent-x.jsonl"];
    expect(claudeCodeFormat.secondaryFiles!(names)).toEqual([`p/${sid}/subagents/agent-a1.jsonl`]);
    expect(claudeCodeFormat.secondaryFiles!([`r/${sid}.jsonl`, "r/agent-x.jsonl"])).toEqual(["r/agent-x.jsonl"]);
  });
});

describe("claude-code corpus", () => {
  it("spotter_short: streamed blocks, one usage per message id, user rejections", async () => {
    const [t] = await parseCorpus(claudeCodeFormat, "claude-code", "spotter_short.jsonl");
    expect(t.externalId).toBe("55604662-cf2a-4331-851a-ec234028f8ca");
    expect(t.harness).toBe("claude-code");
    expect(t.model).toBe("claude-opus-4-6");
    expect(t.outcome).toBe("unknown");
    expect(t.taskId).toBeUndefined();
    expect(t.instruction).toBe("mix phx.server doesnt seem to start");
    expect(t.steps.map((s) => `${s.role}:${s.kind}`).slice(0, 7)).toEqual([
      "user:message",
      "assistant:thought",
      "assistant:message",
      "assistant:tool_call",
      "assistant:tool_call",
      "tool:tool_result",
      "tool:tool_result",
    ]);
    // Five lines share one message id: its usage is counted once, on the first step.
    expect(t.steps.filter((s) => s.tokens)).toHaveLength(1);
    expect(t.steps[1].tokens).toEqual({ input: 3 + 13835 + 11515, output: 13, cached: 11515 });
    expect(t.tokens).toEqual({ input: 25353, output: 13, cached: 11515 });
    const { call, result } = pairOf(t, "toolu_0116Hyi5v8ut7Ffb7d8qV1Sc");
    expect(call.toolName).toBe("Bash");
    expect(call.toolArgs).toEqual({ command: "mix phx.server 2>&1 | head -80", timeout: 30000 });
    expect(result.index).toBeGreaterThan(call.index);
    expect(result.isError).toBe(true);
    expect(t.metadata.rejectedToolCalls).toEqual(["toolu_0116Hyi5v8ut7Ffb7d8qV1Sc", "toolu_01FdQ8qTyVyZjE3Kw4dguQGx"]);
    expect(t.steps[0].timestamp).toBe("2026-02-10T21:11:56.846Z");
    // system local_command lines are kept as system messages, progress/snapshot lines are skipped
    expect(t.steps.at(-1)).toMatchObject({ role: "system", kind: "message" });
    expect(t.steps).toHaveLength(10);
    expect(t.metadata).toMatchObject({ version: "2.1.38", cwd: "/home/marco/projects/spotter", gitBranch: "master" });
  });

  it("spotter_tool_heavy: meta and local-command lines are system, parallel results pair by id", async () => {
    const [t] = await parseCorpus(claudeCodeFormat, "claude-code", "spotter_tool_heavy.jsonl");
    expect(t.externalId).toBe("d6e0bada-1959-4eec-a9d2-0bfade768d8f");
    expect(t.instruction).toBe("start phoenix in background");
    expect(t.steps).toHaveLength(23);
    const caveat = t.steps.find((s) => s.text.startsWith("<local-command-caveat>"))!;
    expect(caveat.role).toBe("system");
    expect(t.steps.find((s) => s.text.includes("Reconnected to tidewave"))!.role).toBe("system");
    // WebSearch was called before Glob but answered after it
    const search = pairOf(t, "toolu_01DKTWcKpZ2ksZQmoKKfxiw6");
    const glob = pairOf(t, "toolu_01JJds55jYrYwd9TktNGndRY");
    expect(search.call.index).toBeLessThan(glob.call.index);
    expect(search.result.index).toBeGreaterThan(glob.result.index);
    expect(search.result.toolName).toBe("WebSearch");
    expect(t.steps.filter((s) => s.isError)).toHaveLength(0);
    expect(t.steps.filter((s) => s.role === "user").map((s) => s.text)).toContain("[Request interrupted by user]");
  });

  it("ccviewer (CC 1.0.98): slash command expansion is the instruction, permission error is flagged", async () => {
    const [t] = await parseCorpus(claudeCodeFormat, "claude-code", "ccviewer_1af7fc5e.jsonl");
    expect(t.externalId).toBe("1af7fc5e-8455-4414-9ccd-011d40f70b2a");
    expect(t.model).toBe("claude-sonnet-4-20250514");
    expect(t.instruction.startsWith("Please analyze this codebase and create a CLAUDE.md file")).toBe(true);
    expect(t.steps[1]).toMatchObject({ role: "system", kind: "message" }); // the isMeta expansion
    expect(t.steps).toHaveLength(29);
    expect(t.steps.filter((s) => s.kind === "tool_call")).toHaveLength(12);
    expect(t.steps.filter((s) => s.kind === "tool_result")).toHaveLength(12);
    const write = pairOf(t, "toolu_01LM7vfs6eMdhHJokVajzJA1");
    expect(write.call.toolName).toBe("Write");
    expect(write.result).toMatchObject({ isError: true, toolName: "Write" });
    expect(write.result.text).toContain("haven't granted it yet");
    // one usage per API response (6 responses with tokens), the last streamed line's count wins
    expect(t.steps.filter((s) => s.tokens)).toHaveLength(7);
    expect(t.steps.find((s) => s.toolCallId === "toolu_01UwiR8tuGvGJN2J7BW4KbPx")!.tokens!.output).toBe(285);
    expect(t.steps.at(-1)).toMatchObject({ role: "assistant", kind: "message" });
  });

  it("a sub-agent file without its parent becomes its own trajectory", async () => {
    const [t] = await parseCorpus(claudeCodeFormat, "claude-code", "spotter_subagent_agent-a7be2f0.jsonl");
    expect(t.externalId).toBe("8463c716-a2ea-4c14-9efa-87158ebd9f20:agent-a7be2f0");
    expect(t.metadata).toMatchObject({ isSubagent: true, agentId: "a7be2f0" });
    expect(t.model).toBe("claude-haiku-4-5-20251001");
    expect(t.instruction.startsWith("I need to understand:\n1. How Spotter.Services.Tmux.list_panes/0")).toBe(true);
    expect(t.steps).toHaveLength(52);
    const errors = t.steps.filter((s) => s.isError);
    expect(errors.map((s) => s.toolCallId)).toEqual(["toolu_01BpA1vfwwr5xWYsSu8M8H3T", "toolu_01WVEHjxPRAsFRpWW8afNuA5"]);
    expect(errors[0].text).toContain("EISDIR");
  });
});

describe("claude-code linking and branches (synthetic)", () => {
  const sid = "8463c716-a2ea-4c14-9efa-87158ebd9f20";
  const line = (o: Record<string, unknown>) => JSON.stringify({ sessionId: sid, version: "2.1.39", timestamp: "2026-02-11T22:38:00.000Z", ...o });
  const subagent = fs.readFileSync(path.join(DIR, "spotter_subagent_agent-a7be2f0.jsonl"), "utf8");
  const prompt = JSON.parse(subagent.split("\n")[0]).message.content as string;

  it("splices a sub-agent log in before the result of the Task call that started it", async () => {
    const main = [
      line({ type: "user", uuid: "u1", parentUuid: null, message: { role: "user", content: "check tmux handling" } }),
      line({
        type: "assistant", uuid: "a1", parentUuid: "u1",
        message: { id: "m1", model: "claude-opus-4-6", content: [{ type: "tool_use", id: "toolu_task", name: "Task", input: { subagent_type: "Explore", description: "d", prompt } }], usage: { input_tokens: 10, output_tokens: 5 } },
      }),
      line({
        type: "user", uuid: "r1", parentUuid: "a1", toolUseResult: { agentId: "a7be2f0", status: "completed" },
        message: { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_task", content: [{ type: "text", text: "findings" }] }] },
      }),
      line({ type: "assistant", uuid: "a2", parentUuid: "r1", message: { id: "m2", model: "claude-opus-4-6", content: [{ type: "text", text: "done" }] } }),
    ].join("\n");
    const files = memoryFiles({ [`proj/${sid}.jsonl`]: main, [`proj/${sid}/subagents/agent-a7be2f0.jsonl`]: subagent });
    expect(claudeCodeFormat.secondaryFiles!(files.map((f) => f.name))).toEqual([`proj/${sid}/subagents/agent-a7be2f0.jsonl`]);
    const parsed = await collect(claudeCodeFormat, files[0]);
    expect(parsed).toHaveLength(1);
    const t = (parsed[0] as { trajectory: TTrajectory }).trajectory;
    expect(t.externalId).toBe(sid);
    expect(t.model).toBe("claude-opus-4-6");
    const { call, result } = pairOf(t, "toolu_task");
    // 51 sub-agent steps (its prompt is the Task call's argument, not repeated) between call and result
    expect(result.index - call.index - 1).toBe(51);
    expect(t.steps[call.index + 1]).toMatchObject({ role: "assistant", kind: "message" });
    expect(t.metadata.subagents).toEqual([
      { agentId: "a7be2f0", file: `proj/${sid}/subagents/agent-a7be2f0.jsonl`, toolCallId: "toolu_task", firstStep: call.index + 1, lastStep: result.index - 1, model: "claude-haiku-4-5-20251001" },
    ]);
    expect(t.tokens.output).toBe(5 + 33);
  });

  it("attaches beside agent-*.jsonl files of the same session and imports another session's on their own", async () => {
    const other = "0b6c1d4e-0000-4000-8000-000000000000";
    const main = [
      line({ type: "user", uuid: "u1", parentUuid: null, message: { role: "user", content: "go" } }),
      line({ type: "assistant", uuid: "a1", parentUuid: "u1", message: { id: "m1", content: [{ type: "tool_use", id: "toolu_t", name: "Task", input: { prompt: "sub task" } }] } }),
      line({ type: "user", uuid: "r1", parentUuid: "a1", message: { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_t", content: "agentId: b1 (for resuming)" }] } }),
    ].join("\n");
    const sub = (session: string, agentId: string) =>
      [
        JSON.stringify({ type: "user", uuid: `${agentId}-u`, parentUuid: null, isSidechain: true, agentId, sessionId: session, message: { role: "user", content: "sub task" } }),
        JSON.stringify({ type: "assistant", uuid: `${agentId}-a`, parentUuid: `${agentId}-u`, isSidechain: true, agentId, sessionId: session, message: { id: `${agentId}-m`, content: [{ type: "text", text: `answer from ${agentId}` }] } }),
      ].join("\n");
    const files = memoryFiles({ [`p/${sid}.jsonl`]: main, "p/agent-b1.jsonl": sub(sid, "b1"), "p/agent-c2.jsonl": sub(other, "c2"), "p/agent-acompact-1.jsonl": sub(sid, "acompact-1") });
    expect(claudeCodeFormat.secondaryFiles!(files.map((f) => f.name)).sort()).toEqual(["p/agent-acompact-1.jsonl", "p/agent-b1.jsonl", "p/agent-c2.jsonl"]);
    const parsed = await collect(claudeCodeFormat, files[0]);
    const ts = parsed.map((p) => (p as { trajectory: TTrajectory }).trajectory);
    expect(ts.map((t) => t.externalId)).toEqual([sid, `${other}:agent-c2`]);
    expect(ts[0].steps.map((s) => s.text)).toEqual(["go", "", "answer from b1", "agentId: b1 (for resuming)"]);
    expect(ts[0].metadata).toMatchObject({ compactions: 1, subagents: [{ agentId: "b1", toolCallId: "toolu_t", file: "p/agent-b1.jsonl" }] });
    expect(ts[1].instruction).toBe("sub task");
  });

  it("follows parentUuid past a rewind and drops the abandoned branch", async () => {
    const log = [
      line({ type: "user", uuid: "u1", parentUuid: null, message: { role: "user", content: "first try" } }),
      line({ type: "assistant", uuid: "a1", parentUuid: "u1", message: { id: "m1", content: [{ type: "text", text: "old answer" }] } }),
      line({ type: "user", uuid: "u2", parentUuid: "a1", message: { role: "user", content: "abandoned follow-up" } }),
      line({ type: "assistant", uuid: "a2", parentUuid: "u2", message: { id: "m2", content: [{ type: "text", text: "abandoned answer" }] } }),
      line({ type: "user", uuid: "u3", parentUuid: "a1", message: { role: "user", content: "rewritten follow-up" } }),
      line({ type: "assistant", uuid: "a3", parentUuid: "u3", message: { id: "m3", content: [{ type: "text", text: "final answer" }] } }),
    ].join("\n");
    const [file] = memoryFiles({ [`${sid}.jsonl`]: log });
    const [p] = await collect(claudeCodeFormat, file);
    const t = (p as { trajectory: TTrajectory }).trajectory;
    expect(t.steps.map((s) => s.text)).toEqual(["first try", "old answer", "rewritten follow-up", "final answer"]);
    expect(t.metadata.abandonedBranchLines).toBe(2);
  });
});

describe("claude-code bad input (synthetic)", () => {
  it("rejects bad lines with file/line/reason and keeps the valid ones", async () => {
    const log = [
      JSON.stringify({ type: "user", uuid: "u1", parentUuid: null, sessionId: "s1", message: { role: "user", content: "hello" } }),
      "{not json",
      JSON.stringify({ type: "assistant", uuid: "a0", parentUuid: "u1", sessionId: "s1" }),
      JSON.stringify({ type: "assistant", uuid: "a1", parentUuid: "u1", sessionId: "s1", message: { id: "m1", content: [{ type: "text", text: "hi" }] } }),
      '{"type":"user","uuid":"u2","message":{"role":"user","content":"trunc',
    ].join("\n");
    const [file] = memoryFiles({ "s1.jsonl": log });
    const parsed = await collect(claudeCodeFormat, file);
    const rejected = parsed.flatMap((p) => (p.kind === "rejected" ? [p.issue] : []));
    expect(rejected).toEqual([
      { file: "s1.jsonl", line: 2, reason: "line is not valid JSON" },
      { file: "s1.jsonl", line: 3, field: "message", reason: "assistant line has no message object" },
      { file: "s1.jsonl", line: 5, reason: "line is not valid JSON" },
    ]);
    const t = parsed.find((p) => p.kind === "trajectory")!.trajectory;
    expect(t.steps.map((s) => s.text)).toEqual(["hello", "hi"]);
  });

  it("rejects a file with no conversation at all", async () => {
    const [file] = memoryFiles({ "x.jsonl": "garbage\n" });
    const parsed = await collect(claudeCodeFormat, file);
    expect(parsed.every((p) => p.kind === "rejected")).toBe(true);
    expect(parsed.at(-1)).toMatchObject({ kind: "rejected", issue: { file: "x.jsonl", reason: expect.stringContaining("no user or assistant") } });
  });
});
