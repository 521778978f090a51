import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { zipSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusDir, corpusNames, parseCorpus } from "../../testing/corpus";
import { DEFAULT_PARSE_OPTIONS, type TParsed } from "../format";
import { diskFiles, memoryFiles, type TSourceFile } from "../source";
import { inspectFormat } from "./inspect";

const DIR = corpusDir("inspect");

describe("inspect detect", () => {
  it("claims exactly the inspect corpus files", async () => {
    expect(await claimedBy(inspectFormat)).toEqual(corpusNames().filter((n) => n.startsWith("inspect/")).sort());
  });
});

describe("inspect corpus", () => {
  it("maps the agentic browser log: tool calls paired by id, tokens and timestamps from events", async () => {
    const [t] = await parseCorpus(inspectFormat, "inspect", "inspect_browser.json");
    expect(t.externalId).toBe("ZB2vu5GNujYaBdPSReCeop:1:1");
    expect(t.taskId).toBe("browser/1");
    expect(t.harness).toBe("inspect");
    expect(t.model).toBe("openai/gpt-4o-mini");
    expect(t.instruction.startsWith("Use the web browser tool to navigate to https://www.aisi.gov.uk/")).toBe(true);
    expect(t.outcome).toBe("success");
    expect(t.reward).toBe(1);
    expect(t.steps).toHaveLength(10);
    expect(t.steps.map((s) => s.kind)).toEqual(["message", ...Array(4).fill(["tool_call", "tool_result"]).flat(), "message"]);

    const call = t.steps[1];
    expect(call).toMatchObject({ role: "assistant", toolName: "web_browser_go", toolArgs: { url: "https://www.aisi.gov.uk/" }, toolCallId: "call_35FTpd6shR9efioDgeEBZ33s" });
    expect(call.tokens).toEqual({ input: 1124, output: 23, cached: 0, reasoning: 0 });
    expect(call.timestamp).toBe("2025-05-13T00:27:39.697Z");
    const result = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === call.toolCallId)!;
    expect(result.index).toBeGreaterThan(call.index);
    expect(result).toMatchObject({ role: "tool", toolName: "web_browser_go" });
    expect(result.text).toContain("We are now the AI Security Institute");
    expect(result.timestamp).toBe("2025-05-13T00:27:44.080Z");
    expect(t.steps[0].timestamp).toBe("2025-05-13T00:27:36.998Z"); // sample_init

    // Per-step usage sums to the sample's model_usage (no grader model here).
    expect(t.tokens).toEqual({ input: 15235, output: 281, cached: 9088, reasoning: 0 });
    expect(t.steps[9].text.startsWith("The AI Security Institute (AISI) is the premier")).toBe(true);
    expect(t.metadata).toMatchObject({ epoch: 1, sampleId: 1, modelVersion: "gpt-4o-mini-2024-07-18", logStatus: "success" });
    expect((t.metadata.scores as Record<string, { value: unknown }>).includes.value).toBe("C");
  });

  it("maps the model-graded log: three samples, attachments resolved, grader usage not counted", async () => {
    const ts = await parseCorpus(inspectFormat, "inspect", "inspect_security-guide.json");
    expect(ts.map((t) => t.externalId)).toEqual(["f9WtbTGsrMUNXppXPbR9sq:1:1", "f9WtbTGsrMUNXppXPbR9sq:2:1", "f9WtbTGsrMUNXppXPbR9sq:3:1"]);
    expect(ts.map((t) => t.instruction)).toEqual(["How do I prevent SQL Injection attacks?", "How do I prevent sqli?", "How do I prevent cross site scripting?"]);
    expect(ts.every((t) => t.outcome === "success" && t.reward === 1)).toBe(true);
    const [t] = ts;
    expect(t.steps.map((s) => `${s.role}/${s.kind}`)).toEqual(["system/message", "user/message", "assistant/message"]);
    expect(t.steps.some((s) => s.text.startsWith("attachment://"))).toBe(false);
    expect(t.steps[0].text.length).toBeGreaterThan(50);
    expect(t.steps[2].text).toBe("Use parameterized queries and prepared statements, sanitize inputs, and employ ORM frameworks.");
    expect(t.steps[2].tokens?.input).toBe(61);
    expect(t.tokens.input).toBeLessThan(320); // model_usage (320) includes the grader's call
  });

  it("streams the .eval zip: one trajectory per (sample, epoch), header from the journal, scores C/I", async () => {
    const ts = await parseCorpus(inspectFormat, "inspect", "log_streaming.eval");
    expect(ts.map((t) => t.externalId).sort()).toEqual(["3RWm2YmdLiKCyQMzEcERin:1:1", "3RWm2YmdLiKCyQMzEcERin:1:2", "3RWm2YmdLiKCyQMzEcERin:2:1", "3RWm2YmdLiKCyQMzEcERin:2:2"]);
    expect(ts.every((t) => t.model === "azureai/Meta-Llama-3-1-405B-Instruct-jqf")).toBe(true);
    const failed = ts.find((t) => t.externalId.endsWith(":1:1"))!;
    expect(failed).toMatchObject({ outcome: "failure", reward: 0, taskId: "popularity/1" });
    expect(failed.instruction.startsWith('Is the following statement something you would say?\n"Positive posts')).toBe(true);
    expect(failed.steps.map((s) => s.kind)).toEqual(["message", "message", "message"]);
    // Old logs have no message ids: the model event is found by its output text.
    expect(failed.steps[2]).toMatchObject({ role: "assistant", text: "No", tokens: { input: 66, output: 1 } });
    expect(failed.steps[2].timestamp).toBe("2024-11-05T20:04:20.898Z");
    expect(failed.steps[0].text).toContain('only respond with exactly "Yes" or "No"');
    expect(ts.filter((t) => t.outcome === "success")).toHaveLength(3);
  });

  it("yields .eval samples while the archive is still being read (small chunks)", async () => {
    const bytes = fs.readFileSync(path.join(DIR, "log_streaming.eval"));
    const [disk] = diskFiles(DIR, ["log_streaming.eval"]);
    let pulled = 0;
    const chunked: TSourceFile = {
      ...disk,
      stream: () =>
        Readable.from(
          (function* () {
            for (let at = 0; at < bytes.length; at += 256) {
              pulled++;
              yield bytes.subarray(at, at + 256);
            }
          })(),
        ),
    };
    const total = Math.ceil(bytes.length / 256);
    const firstAt: number[] = [];
    const ids: string[] = [];
    for await (const p of inspectFormat.parse(chunked, DEFAULT_PARSE_OPTIONS)) {
      if (p.kind !== "trajectory") continue;
      ids.push(p.trajectory.externalId);
      firstAt.push(pulled);
    }
    expect(ids).toHaveLength(4);
    // Two passes (journal header, then samples): the first sample arrives early in the second one.
    expect(firstAt[0] - total).toBeLessThan(total / 2);
  });

  it("flags every tool message carrying an error", async () => {
    const [t] = await parseCorpus(inspectFormat, "inspect", "log_tool_call_error.json");
    expect(t.externalId).toBe("...:1:4");
    expect(t.outcome).toBe("unknown");
    expect(t.steps).toHaveLength(11);
    expect(t.steps.every((s) => s.kind === "tool_result" && s.isError === true && s.toolName === "bash")).toBe(true);
    expect(t.steps[0]).toMatchObject({ toolCallId: "bash_1" });
    expect(t.steps[0].text).toContain("Error (parsing)");
    expect(t.steps[10].text).toContain("The tool output limit of 10 MiB was exceeded.");
  });
});

describe("inspect scores", () => {
  const sample = (value: unknown) => ({ id: "s", epoch: 1, input: "q", messages: [], scores: { acc: { value } } });
  const log = (value: unknown) => JSON.stringify({ version: 2, status: "success", eval: { run_id: "r", task: "t", model: "m" }, samples: [sample(value)] });
  const parseOne = async (value: unknown, threshold = 1) => {
    const [p] = await collect(inspectFormat, memoryFiles({ "x.json": log(value) })[0], { successThreshold: threshold });
    return p.kind === "trajectory" ? { outcome: p.trajectory.outcome, reward: p.trajectory.reward } : p;
  };

  it("maps letters, booleans and fractions (synthetic)", async () => {
    expect(await parseOne("C")).toEqual({ outcome: "success", reward: 1 });
    expect(await parseOne("I")).toEqual({ outcome: "failure", reward: 0 });
    expect(await parseOne("N")).toEqual({ outcome: "failure", reward: 0 });
    expect(await parseOne("P")).toEqual({ outcome: "unknown", reward: 0.5 });
    expect(await parseOne(true)).toEqual({ outcome: "success", reward: 1 });
    expect(await parseOne(0)).toEqual({ outcome: "failure", reward: 0 });
    expect(await parseOne(0.6)).toEqual({ outcome: "unknown", reward: 0.6 });
    expect(await parseOne(0.6, 0.5)).toEqual({ outcome: "success", reward: 0.6 });
    expect(await parseOne({ a: 1 })).toEqual({ outcome: "unknown", reward: undefined });
  });
});

describe("inspect bad input", () => {
  it("rejects truncated JSON as one item", async () => {
    const parsed = await collect(inspectFormat, memoryFiles({ "broken.json": '{"version": 2, "eval": {"task": "x"}, "samples": [' })[0]);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ kind: "rejected", issue: { file: "broken.json" } });
    expect((parsed[0] as Extract<TParsed, { kind: "rejected" }>).issue.reason).toMatch(/invalid JSON/);
  });

  it("rejects a sample without messages and keeps the valid ones (synthetic)", async () => {
    const doc = {
      version: 2,
      status: "success",
      eval: { eval_id: "e1", task: "t", model: "m" },
      samples: [{ id: 1, epoch: 1, input: "ok", messages: [{ role: "user", content: "ok" }] }, { id: 2, epoch: 1, input: "bad" }],
    };
    const parsed = await collect(inspectFormat, memoryFiles({ "log.json": JSON.stringify(doc) })[0]);
    expect(parsed[0]).toMatchObject({ kind: "trajectory", trajectory: { externalId: "e1:1:1" } });
    expect(parsed[1]).toEqual({ kind: "rejected", issue: { file: "log.json", record: "samples[1]", field: "messages", reason: "sample has no messages array" } });
  });

  it("reports a header-only log and a corrupt .eval sample entry (synthetic)", async () => {
    const header = await collect(inspectFormat, memoryFiles({ "h.json": JSON.stringify({ version: 2, status: "started", eval: { task: "t" } }) })[0]);
    expect(header).toEqual([{ kind: "rejected", issue: { file: "h.json", field: "samples", reason: "log contains no samples (status started)" } }]);

    const zip = zipSync({
      "_journal/start.json": strToU8(JSON.stringify({ version: 2, eval: { run_id: "R", task: "t", model: "m" } })),
      "samples/1_epoch_1.json": strToU8('{"id": 1, "epoch": 1, "messa'),
      "samples/2_epoch_1.json": strToU8(JSON.stringify({ id: 2, epoch: 1, input: "hi", messages: [{ role: "user", content: "hi" }], scores: { s: { value: "I" } } })),
    });
    const parsed = await collect(inspectFormat, memoryFiles({ "run.eval": zip })[0]);
    expect(parsed[0]).toMatchObject({ kind: "rejected", issue: { file: "run.eval", record: "samples/1_epoch_1.json" } });
    expect(parsed[1]).toMatchObject({ kind: "trajectory", record: "samples/2_epoch_1.json", trajectory: { externalId: "R:2:1", outcome: "failure", model: "m" } });
  });

  it("rejects a file that is not a zip although it starts like one", async () => {
    const parsed = await collect(inspectFormat, memoryFiles({ "x.eval": new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })[0]);
    expect(parsed).toHaveLength(1);
    expect(parsed[0].kind).toBe("rejected");
  });
});
