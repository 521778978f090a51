import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, collect, corpusNames, trajectories } from "../../testing/corpus";
import type { TParsed } from "../format";
import { buildProbe } from "../probe";
import { diskFiles, memoryFiles } from "../source";
import { studioJsonlFormat } from "./studio-jsonl";

// Our own schema has no real sample in the corpus: the fixtures below are SYNTHETIC (they are also
// the examples of lib/traces/formats/studio-jsonl.md).

const issues = (parsed: TParsed[]) => parsed.flatMap((p) => (p.kind === "rejected" ? [p.issue] : []));
const jsonl = (...lines: unknown[]) => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";

/** The three example lines of studio-jsonl.md, kept in sync by the test below. */
function docExample(): string {
  const md = fs.readFileSync(path.resolve("lib/traces/formats/studio-jsonl.md"), "utf8");
  return /```jsonl\n([\s\S]*?)```/.exec(md)![1];
}

describe("studio-jsonl detect", () => {
  it("claims no corpus file (it is our own schema) and claims both schemas", async () => {
    for (const file of diskFiles(CORPUS, corpusNames())) expect(studioJsonlFormat.detect(await buildProbe(file)), file.name).toBe(false);
    const generic = { task_id: "t1", query: "q", steps: [{ reasoning: "r" }], final_output: "a", outcome: "success" };
    const files = memoryFiles({ "a.jsonl": docExample(), "b.jsonl": jsonl(generic), "c.jsonl": jsonl({ query: "q", steps: [] }) });
    expect(await Promise.all(files.map(async (f) => studioJsonlFormat.detect(await buildProbe(f))))).toEqual([true, true, false]);
  });
});

describe("studio-jsonl t2s.trajectory.v1", () => {
  it("parses the documented example", async () => {
    const parsed = await collect(studioJsonlFormat, memoryFiles({ "pool.jsonl": docExample() })[0]);
    expect(issues(parsed)).toEqual([]);
    const ts = trajectories(parsed);
    expect(ts.map((t) => [t.externalId, t.outcome, t.reward])).toEqual([
      ["run-1", "success", 1],
      ["run-2", "failure", undefined],
      ["run-3", "unknown", 0.5],
    ]);
    const [t] = ts;
    expect(t).toMatchObject({ taskId: "csv-sum", instruction: "Sum column B of data.csv", model: "gpt-4.1", harness: "my-agent", metadata: { schema: "t2s.trajectory.v1" } });
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["user/message", "assistant/tool_call", "tool/tool_result", "assistant/message"]);
    expect(t.steps[1]).toMatchObject({ toolName: "bash", toolArgs: { command: "awk -F, '{s+=$2} END {print s}' data.csv" }, toolCallId: "c1", tokens: { input: 812, output: 40 } });
    expect(t.steps[2]).toMatchObject({ toolCallId: "c1", toolName: "bash", text: "42", timestamp: "2026-03-01T10:00:02.000Z" });
    expect(t.tokens).toEqual({ input: 812, output: 40 });
    expect(ts[1].steps[2]).toMatchObject({ kind: "tool_result", isError: true });
  });

  it("accepts tool_args as a JSON string and keeps invalid JSON as _raw", async () => {
    const line = (args: string) => ({ schema: "t2s.trajectory.v1", id: "x", instruction: "i", steps: [{ role: "assistant", tool_name: "f", tool_args: args }] });
    const [a, b] = trajectories(await collect(studioJsonlFormat, memoryFiles({ "x.jsonl": jsonl(line('{"k": 1}'), { ...line("{oops"), id: "y" }) })[0]));
    expect(a.steps[0]).toMatchObject({ kind: "tool_call", toolArgs: { k: 1 } });
    expect(b.steps[0].toolArgs).toEqual({ _raw: "{oops" });
    expect(a.outcome).toBe("unknown");
  });

  it("rejects invalid lines with the field path and line number, keeps the valid ones", async () => {
    const ok = { schema: "t2s.trajectory.v1", id: "ok", instruction: "i", steps: [] };
    const badRole = { ...ok, id: "r", steps: [0, 1, 2, 3].map((i) => ({ role: i === 3 ? "bot" : "user", text: "t" })) };
    const text = jsonl(ok, "{not json", badRole, { ...ok, id: "m", instruction: undefined }, { ...ok, id: "v2", schema: "t2s.trajectory.v2" }, { ...ok, id: "k", steps: [{ role: "assistant", toolName: "x" }] }, { ...ok, id: "last" });
    const parsed = await collect(studioJsonlFormat, memoryFiles({ "in.jsonl": text })[0]);
    expect(trajectories(parsed).map((t) => t.externalId)).toEqual(["ok", "last"]);
    const got = issues(parsed);
    expect(got.map((i) => [i.line, i.field])).toEqual([
      [2, undefined],
      [3, "steps[3].role"],
      [4, "instruction"],
      [5, "schema"],
      [6, "steps[0].toolName"],
    ]);
    expect(got.every((i) => i.file === "in.jsonl")).toBe(true);
    expect(got[0].reason).toMatch(/^line 2 is not JSON/);
    expect(got[1].reason).toBe("line 3: steps[3].role: Invalid enum value. Expected 'system' | 'user' | 'assistant' | 'tool', received 'bot'");
    expect(got[2].reason).toBe("line 4: instruction: Required (string)");
    expect(got[4].reason).toBe("line 6: steps[0].toolName: Unrecognized key");
  });

  it("validates timestamps and requires tool_name on tool calls", async () => {
    const base = { schema: "t2s.trajectory.v1", id: "x", instruction: "i" };
    const parsed = await collect(studioJsonlFormat, 
      memoryFiles({ "t.jsonl": jsonl({ ...base, steps: [{ role: "user", text: "a", timestamp: "yesterday" }] }, { ...base, steps: [{ role: "assistant", kind: "tool_call" }] }) })[0],
    );
    expect(issues(parsed).map((i) => i.field)).toEqual(["steps[0].timestamp", "steps[0].tool_name"]);
  });
});

describe("studio-jsonl generic schema", () => {
  it("maps reasoning → thought, tool_call → tool_call, observation → tool_result", async () => {
    const line = {
      task_id: "sheet-13",
      query: "Fill C2:C5 with A+B",
      steps: [
        { reasoning: "Look at the sheet", tool_call: { name: "bash", arguments: { command: "ls" } }, observation: "input.xlsx" },
        { reasoning: "Write sums", tool_call: '{"name": "bash", "arguments": "{\\"command\\": \\"python s.py\\"}"}', observation: { stderr: "boom" }, is_error: true },
        { reasoning: "Done" },
      ],
      final_output: "Saved output.xlsx",
      outcome: false,
      ground_truth_ref: "gold/13.xlsx",
      artifacts: ["output.xlsx"],
    };
    const [t] = trajectories(await collect(studioJsonlFormat, memoryFiles({ "g.jsonl": jsonl(line, { ...line, task_id: 7, outcome: 0.25 }) })[0]));
    expect(t).toMatchObject({ externalId: "g.jsonl#1", taskId: "sheet-13", instruction: "Fill C2:C5 with A+B", outcome: "failure", reward: 0, harness: "custom" });
    expect(t.metadata).toEqual({ schema: "generic", groundTruthRef: "gold/13.xlsx", artifacts: ["output.xlsx"] });
    expect(t.steps.map((s) => s.kind)).toEqual(["message", "thought", "tool_call", "tool_result", "thought", "tool_call", "tool_result", "thought", "message"]);
    expect(t.steps[2]).toMatchObject({ toolName: "bash", toolArgs: { command: "ls" }, toolCallId: "step-0" });
    expect(t.steps[3]).toMatchObject({ toolCallId: "step-0", text: "input.xlsx" });
    expect(t.steps[5]).toMatchObject({ toolArgs: { command: "python s.py" }, toolCallId: "step-1" });
    expect(t.steps[6]).toMatchObject({ isError: true, toolCallId: "step-1" });
    expect(t.steps[6].text).toContain('"stderr": "boom"');
    expect(t.steps[8].text).toBe("Saved output.xlsx");

    const [, second] = trajectories(await collect(studioJsonlFormat, memoryFiles({ "g.jsonl": jsonl(line, { ...line, task_id: 7, outcome: 0.25 }) })[0]));
    expect(second).toMatchObject({ taskId: "7", outcome: "unknown", reward: 0.25 });
  });

  it("rejects a generic line without query", async () => {
    const parsed = await collect(studioJsonlFormat, memoryFiles({ "g.jsonl": jsonl({ task_id: "a", query: "q", steps: [] }, { task_id: "b", steps: [] }) })[0]);
    expect(trajectories(parsed)).toHaveLength(1);
    expect(issues(parsed)).toEqual([{ file: "g.jsonl", line: 2, field: "query", reason: "line 2: query: Required (string)" }]);
  });
});
