import { describe, expect, it } from "vitest";
import { CORPUS, collect, corpusNames, trajectories } from "../../testing/corpus";
import type { TParsed } from "../format";
import { buildProbe } from "../probe";
import { diskFiles, memoryFiles } from "../source";
import { trace2skillLogFormat } from "./trace2skill-log";

// The official repo ships no trajectory files: every fixture below is SYNTHETIC, written to match
// what spreadsheet_agent/agents/base.py ChatHistoryLogger emits (markdown and JSONL layouts).

const fence = "```";

const TASK = `Task: Below is the spreadsheet manipulation question you need to solve:

### working_directory
/tasks/13-1_abc

### instruction
Fill column C with the sum of columns A and B for rows 2-5.

### spreadsheet_path
/tasks/13-1_abc/input.xlsx

### answer_position
C2:C5

---
**REMINDER**: You can ONLY access files within \`/tasks/13-1_abc\`.
---

Solve the question and save the modified spreadsheet to the exact output_path shown above.`;

const block = (n: number, role: string, content: string) => `## [${n}] ${role}\n\n${content}\n\n---\n\n`;

/** SYNTHETIC markdown log: think block, a tool error, a parse failure, an observation that itself contains a heading. */
const MARKDOWN =
  "# Chat History: cli_skill_agent\n\n**Timestamp**: 2026-03-02T10:15:00.123456\n\n---\n\n" +
  block(1, "SYSTEM", "You are a spreadsheet expert...\n\n---\n\nUse the bash tool.") +
  block(2, "USER", TASK) +
  block(3, "ASSISTANT", `<think>\nI should look at the sheet first.\n</think>\nThought: Inspect the workbook.\nAction:\n{\n    "name": "bash",\n    "arguments": {"command": "python -c \\"import openpyxl; print(openpyxl.load_workbook('input.xlsx').sheetnames)\\""}\n}`) +
  block(4, "USER", `Observation:\n${fence}\n['Sheet1']\n---\n\n## [9] USER\nnot a real heading\n${fence}`) +
  block(5, "ASSISTANT", `Thought: Write the sums.\nAction:\n{"name": "bash", "arguments": {"command": "python solve.py"}}`) +
  block(6, "USER", `Observation:\n${fence}\nTraceback (most recent call last):\n  File "solve.py", line 3\nNameError: name 'ws' is not defined\n${fence}`) +
  block(7, "ASSISTANT", `Action: {"name": "bash", "arguments": {"command": "python solve.py"`) +
  block(8, "USER", `Observation:\n${fence}\nFailed to parse your action. Please use the correct format.\n${fence}`) +
  block(9, "ASSISTANT", "The output file is saved.\n\nACTION: TASK_COMPLETE") +
  "## RESULT\n\n- Success: True\n- Total Turns: 4\n";

const JSONL = [
  { type: "session_start", agent_name: "cli_only_agent", timestamp: "2026-03-02T11:00:00" },
  { type: "message", index: 1, role: "system", content: "You are a spreadsheet expert.", timestamp: "2026-03-02T11:00:00.5" },
  { type: "message", index: 2, role: "user", content: "Task: ### instruction\nDelete empty rows.\n\n### output_path\n/o.xlsx", timestamp: "2026-03-02T11:00:01" },
  { type: "message", index: 3, role: "assistant", content: 'Action:\n{"name": "bash", "arguments": {"command": "ls"}}', timestamp: "2026-03-02T11:00:05" },
  { type: "message", index: 4, role: "user", content: "Observation: input.xlsx", timestamp: "2026-03-02T11:00:06" },
  { type: "result", success: false, total_turns: 20, timestamp: "2026-03-02T11:09:00", error: "Max turns exceeded" },
]
  .map((l) => JSON.stringify(l))
  .join("\n");

const RESULTS = JSON.stringify({
  summary: { total: 3, hard_accuracy: 0.33 },
  results: [
    { id: "13-1", instruction_type: "Cell-Level Manipulation", success: true, soft_score: 1, hard_score: 1, test_cases: [] },
    { id: "7-2", success: false, soft_score: 0.5, hard_score: 0, test_cases: [] },
    { id: "9-9_seed_42", success: false, soft_score: 0, hard_score: 0 },
  ],
});

describe("trace2skill-log detect", () => {
  it("claims no real corpus file (none exists) but claims both synthetic layouts", async () => {
    const names = corpusNames();
    for (const file of diskFiles(CORPUS, names)) expect(trace2skillLogFormat.detect(await buildProbe(file)), file.name).toBe(false);
    const files = memoryFiles({ "a.md": MARKDOWN, "b.jsonl": JSONL, [`eval_official_results.json`]: RESULTS });
    expect(await Promise.all(files.map(async (f) => trace2skillLogFormat.detect(await buildProbe(f))))).toEqual([true, true, false]);
  });

  it("treats the official results file as secondary", () => {
    expect(trace2skillLogFormat.secondaryFiles!(["logs/x_13-1.md", "eval_official_results.json", "run/eval_official_results.json"])).toEqual([
      "eval_official_results.json",
      "run/eval_official_results.json",
    ]);
  });
});

describe("trace2skill-log markdown (synthetic)", () => {
  it("maps blocks into thought / tool_call / tool_result / error steps", async () => {
    const [t] = trajectories(await collect(trace2skillLogFormat, memoryFiles({ "logs/cli_skill_agent_13-1.md": MARKDOWN })[0]));
    expect(t).toMatchObject({ externalId: "cli_skill_agent:13-1", taskId: "13-1", harness: "trace2skill", outcome: "unknown" });
    expect(t.instruction).toBe("Fill column C with the sum of columns A and B for rows 2-5.");
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual([
      "system/message",
      "user/message",
      "assistant/thought",
      "assistant/thought",
      "assistant/tool_call",
      "tool/tool_result",
      "assistant/thought",
      "assistant/tool_call",
      "tool/tool_result",
      "assistant/message",
      "user/error",
      "assistant/message",
    ]);
    expect(t.steps[0].text).toContain("---\n\nUse the bash tool."); // a separator inside content is kept
    expect(t.steps[0].timestamp).toBe("2026-03-02T10:15:00.123Z");
    expect(t.steps[2].text).toBe("I should look at the sheet first.");
    expect(t.steps[3].text).toBe("Inspect the workbook.");
    expect(t.steps[4]).toMatchObject({ toolName: "bash", toolCallId: "action-3" });
    expect(t.steps[4].toolArgs!.command).toContain("openpyxl.load_workbook");
    expect(t.steps[5]).toMatchObject({ toolCallId: "action-3", toolName: "bash", text: "['Sheet1']\n---\n\n## [9] USER\nnot a real heading" });
    expect(t.steps[5].isError).toBeUndefined();
    expect(t.steps[8]).toMatchObject({ toolCallId: "action-5", isError: true });
    expect(t.steps[9].text).toContain('Action: {"name": "bash"'); // unparsable action stays text
    expect(t.steps[10]).toMatchObject({ isError: true });
    expect(t.steps[10].text.startsWith("Failed to parse your action")).toBe(true);
    expect(t.steps[11].text).toBe("The output file is saved.");
    // The log's own Success is the agent's flag, not the outcome.
    expect(t.metadata).toMatchObject({ agentName: "cli_skill_agent", agentSuccess: true, totalTurns: 4, exitStatus: "task_complete" });
  });

  it("takes the outcome from the _SUCCEED / _FAILED rename", async () => {
    const files = memoryFiles({ "cli_skill_agent_13-1_SUCCEED.md": MARKDOWN, "cli_skill_agent_7-2_FAILED.md": MARKDOWN });
    const [ok] = trajectories(await collect(trace2skillLogFormat, files[0]));
    const [bad] = trajectories(await collect(trace2skillLogFormat, files[1]));
    expect(ok).toMatchObject({ externalId: "cli_skill_agent:13-1", outcome: "success", metadata: { gradeSource: "filename" } });
    expect(bad).toMatchObject({ externalId: "cli_skill_agent:7-2", taskId: "7-2", outcome: "failure" });
    expect(bad.reward).toBeUndefined();
  });

  it("joins eval_official_results.json by instance id, including seed folders", async () => {
    const files = memoryFiles({
      "out/eval_official_results.json": RESULTS,
      "out/logs/cli_skill_agent_13-1.md": MARKDOWN,
      "out/logs/cli_skill_agent_7-2_SUCCEED.md": MARKDOWN, // the results file wins over a stale label
      "out/logs/seed_42/cli_skill_agent_9-9.md": MARKDOWN,
      "out/logs/cli_skill_agent_5-5.md": MARKDOWN,
    });
    const got = await Promise.all(files.slice(1).map(async (f) => trajectories(await collect(trace2skillLogFormat, f))[0]));
    expect(got[0]).toMatchObject({ outcome: "success", reward: 1, metadata: { softScore: 1, gradeSource: "out/eval_official_results.json" } });
    expect(got[1]).toMatchObject({ outcome: "failure", reward: 0, metadata: { softScore: 0.5 } });
    expect(got[2]).toMatchObject({ externalId: "cli_skill_agent:9-9_seed_42", taskId: "9-9", outcome: "failure", metadata: { seed: "42" } });
    expect(got[3].outcome).toBe("unknown");
  });
});

describe("trace2skill-log JSONL (synthetic)", () => {
  it("maps session_start / message / result lines with per-message timestamps", async () => {
    const [t] = trajectories(await collect(trace2skillLogFormat, memoryFiles({ "cli_only_agent_21-3_FAILED.jsonl": JSONL })[0]));
    expect(t).toMatchObject({ externalId: "cli_only_agent:21-3", outcome: "failure", instruction: "Delete empty rows." });
    expect(t.steps.map((s) => s.kind)).toEqual(["message", "message", "tool_call", "tool_result", "error"]);
    expect(t.steps[2]).toMatchObject({ toolName: "bash", toolArgs: { command: "ls" }, timestamp: "2026-03-02T11:00:05.000Z" });
    expect(t.steps[3]).toMatchObject({ toolCallId: t.steps[2].toolCallId, text: "input.xlsx" });
    expect(t.steps[4]).toMatchObject({ role: "system", text: "Max turns exceeded", isError: true });
    expect(t.metadata).toMatchObject({ agentSuccess: false, totalTurns: 20, error: "Max turns exceeded" });
  });

  it("rejects bad lines with their line numbers and still returns the trajectory", async () => {
    const lines = JSONL.split("\n");
    lines.splice(3, 0, '{"type": "message", "index": 3, "role": "assis', JSON.stringify({ type: "message", index: 9, content: "no role" }));
    const parsed = await collect(trace2skillLogFormat, memoryFiles({ "cli_only_agent_21-3.jsonl": lines.join("\n") })[0]);
    const rejected = parsed.filter((p) => p.kind === "rejected").map((p) => (p as Extract<TParsed, { kind: "rejected" }>).issue);
    expect(rejected).toEqual([
      expect.objectContaining({ file: "cli_only_agent_21-3.jsonl", line: 4, reason: expect.stringMatching(/not a JSON object/) }),
      { file: "cli_only_agent_21-3.jsonl", line: 5, field: "role", reason: "message has no role" },
    ]);
    expect(trajectories(parsed)[0].steps).toHaveLength(5);
  });

  it("rejects a markdown file without any message block", async () => {
    const parsed = await collect(trace2skillLogFormat, memoryFiles({ "x.md": "# Chat History: a\n\n**Timestamp**: 2026-01-01T00:00:00\n\n---\n\n" })[0]);
    expect(parsed).toEqual([{ kind: "rejected", issue: { file: "x.md", reason: expect.stringMatching(/no chat messages/) } }]);
  });
});
