import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusDir, corpusFile, corpusNames, only, trajectories } from "../../testing/corpus";
import { memoryFiles } from "../source";
import { atifFormat } from "./atif";

const DIR = corpusDir("atif");
const read = (name: string) => fs.readFileSync(path.join(DIR, name), "utf8");

describe("atif detect", () => {
  it("claims exactly the atif corpus files", async () => {
    expect(await claimedBy(atifFormat)).toEqual(corpusNames().filter((n) => n.startsWith("atif/")).sort());
  });

  it("treats continuation segments and trial grader files as secondary", () => {
    expect(atifFormat.secondaryFiles!(fs.readdirSync(DIR))).toEqual(["harbor_terminus2_linear-history.trajectory.cont-1.json"]);
    const names = ["job/t1/agent/trajectory.json", "job/t1/agent/trajectory.cont-1.json", "job/t1/result.json", "job/t1/verifier/reward.txt", "job/result.json", "other/result.json"];
    expect(atifFormat.secondaryFiles!(names)).toEqual(["job/t1/agent/trajectory.cont-1.json", "job/t1/result.json", "job/t1/verifier/reward.txt"]);
  });
});

describe("atif corpus", () => {
  it("openhands hello-world: tool call paired with its observation, tokens per step", async () => {
    const t = await only(atifFormat, corpusFile("atif", "harbor_openhands_hello-world.trajectory.json"));
    expect(t.externalId).toBe("NORMALIZED_SESSION_ID");
    expect(t.harness).toBe("openhands");
    expect(t.model).toBeUndefined();
    expect(t.outcome).toBe("unknown");
    expect(t.reward).toBeUndefined();
    expect(t.instruction).toBe('Create a file called hello.txt with "Hello, world!" as the content.\n');
    expect(t.steps).toHaveLength(9);
    expect(t.steps[0]).toMatchObject({ role: "system", kind: "message" });
    const call = t.steps.find((s) => s.toolCallId === "call_fake_1" && s.kind === "tool_call")!;
    const result = t.steps.find((s) => s.toolCallId === "call_fake_1" && s.kind === "tool_result")!;
    expect(call).toMatchObject({ toolName: "str_replace_editor", toolArgs: { command: "create", path: "/app/hello.txt" } });
    expect(result.index).toBe(call.index + 1);
    expect(result.text).toContain("File created successfully");
    expect(t.steps[4]).toMatchObject({ role: "assistant", kind: "message", tokens: { input: 100, output: 50 } });
    expect(t.tokens).toEqual({ input: 220, output: 80 });
    expect(t.steps.at(-1)).toMatchObject({ kind: "tool_call", toolName: "finish" });
  });

  it("terminus-2 invalid-json: reasoning first, null source_call_id joins the single call, parse error step", async () => {
    const t = await only(atifFormat, corpusFile("atif", "harbor_terminus2_invalid-json.trajectory.json"));
    expect(t.harness).toBe("terminus-2");
    expect(t.model).toBe("openai/gpt-4o");
    expect(t.instruction.startsWith("You are an AI assistant tasked with solving command-line tasks")).toBe(true);
    expect(t.steps.slice(1, 4).map((s) => `${s.role}:${s.kind}`)).toEqual(["assistant:thought", "assistant:message", "system:error"]);
    expect(t.steps[3]).toMatchObject({ isError: true });
    expect(t.steps[3].text.startsWith("Previous response had parsing errors")).toBe(true);
    expect(t.steps[1].tokens).toEqual({ input: 682, output: 100 });
    const call = t.steps.find((s) => s.kind === "tool_call" && s.toolCallId === "call_1_1")!;
    const result = t.steps.find((s) => s.kind === "tool_result" && s.toolCallId === "call_1_1")!;
    expect(call.toolArgs).toEqual({ keystrokes: "printf 'Hello, world!\\n' > hello.txt\n", duration: 0.1 });
    expect(result.index).toBeGreaterThan(call.index);
    expect(result.toolName).toBe("bash_command");
    expect(t.steps).toHaveLength(16);
    expect(t.tokens).toEqual({ input: 2417, output: 200 });
  });

  it("terminus-2 timeout: three turns, outcome unknown without a grader", async () => {
    const t = await only(atifFormat, corpusFile("atif", "harbor_terminus2_timeout.trajectory.json"));
    expect(t.steps.filter((s) => s.kind === "tool_call").map((s) => s.toolArgs!.keystrokes)).toEqual(["echo 'Hello, world!'\n", "sleep 50\n", "sleep 50\n"]);
    expect(t.steps.filter((s) => s.kind === "tool_result").every((s) => s.toolCallId)).toBe(true);
    expect(t.outcome).toBe("unknown");
  });

  it("linear-history: follows continued_trajectory_ref and concatenates without the copied prompt", async () => {
    const t = await only(atifFormat, corpusFile("atif", "harbor_terminus2_linear-history.trajectory.json"));
    expect(t.metadata.segments).toEqual(["harbor_terminus2_linear-history.trajectory.json", "harbor_terminus2_linear-history.trajectory.cont-1.json"]);
    expect(t.metadata.copiedContextSkipped).toBe(1);
    expect(t.steps).toHaveLength(19);
    expect(t.steps[7]).toMatchObject({ role: "system", text: "Performed context summarization and handoff to continue task." });
    expect(t.steps[8].text.startsWith("You are picking up work from a previous AI agent")).toBe(true);
    expect((t.metadata.subagentRefs as unknown[]).length).toBe(3);
    expect(t.tokens).toEqual({ input: 682 + 750 + 820 + 1700 + 850 * 3, output: 60 + 50 + 50 + 420 + 40 + 40 + 30 });
  });

  it("the continuation alone is still a trajectory", async () => {
    const t = await only(atifFormat, corpusFile("atif", "harbor_terminus2_linear-history.trajectory.cont-1.json"));
    expect(t.steps).toHaveLength(12);
    expect(t.metadata.agentExtra).toMatchObject({ continuation_index: 1 });
  });
});

describe("atif grader files and Harbor layout (synthetic trials around corpus trajectories)", () => {
  const trajectory = read("harbor_terminus2_timeout.trajectory.json");

  it("reads reward and task from <trial>/result.json", async () => {
    const result = { task_name: "hello-world", trial_name: "hello-world__abc", verifier_result: { rewards: { reward: 1.0 } }, exception_info: null };
    const [file] = memoryFiles({ "t1/agent/trajectory.json": trajectory, "t1/result.json": JSON.stringify(result) });
    const t = await only(atifFormat, file);
    expect(t).toMatchObject({ outcome: "success", reward: 1, taskId: "hello-world" });
    expect(t.metadata).toMatchObject({ trialName: "hello-world__abc", graderFile: "t1/result.json" });
  });

  it("reads verifier/reward.txt; 0 is failure, fractional rewards follow the threshold", async () => {
    const fail = memoryFiles({ "t2/agent/trajectory.json": trajectory, "t2/verifier/reward.txt": "0\n" })[0];
    expect(await only(atifFormat, fail)).toMatchObject({ outcome: "failure", reward: 0 });
    const half = memoryFiles({ "t3/agent/trajectory.json": trajectory, "t3/verifier/reward.txt": "0.5" })[0];
    expect(await only(atifFormat, half)).toMatchObject({ outcome: "unknown", reward: 0.5 });
    expect(await only(atifFormat, half, { successThreshold: 0.5 })).toMatchObject({ outcome: "success", reward: 0.5 });
  });

  it("resolves continued_trajectory_ref relative to the referring file's folder", async () => {
    const files = memoryFiles({
      "t4/agent/trajectory.json": read("harbor_terminus2_linear-history.trajectory.json"),
      "t4/agent/trajectory.cont-1.json": read("harbor_terminus2_linear-history.trajectory.cont-1.json"),
    });
    expect(atifFormat.secondaryFiles!(files.map((f) => f.name))).toEqual(["t4/agent/trajectory.cont-1.json"]);
    const t = await only(atifFormat, files[0]);
    expect(t.metadata.segments).toEqual(["t4/agent/trajectory.json", "t4/agent/trajectory.cont-1.json"]);
    expect(t.steps).toHaveLength(19);
  });
});

describe("atif bad input (synthetic)", () => {
  it("rejects truncated JSON as a whole file", async () => {
    const [file] = memoryFiles({ "bad.json": trajectoryHead() });
    expect(await collect(atifFormat, file)).toEqual([{ kind: "rejected", issue: { file: "bad.json", reason: expect.stringContaining("not valid JSON") } }]);
  });

  it("rejects a malformed step and a missing continuation but keeps the rest", async () => {
    const doc = JSON.parse(read("harbor_openhands_hello-world.trajectory.json"));
    doc.steps.splice(2, 0, { step_id: 99, message: "no source" });
    doc.continued_trajectory_ref = "trajectory.cont-1.json";
    const [file] = memoryFiles({ "x/trajectory.json": JSON.stringify(doc) });
    const parsed = await collect(atifFormat, file);
    expect(parsed.filter((p) => p.kind === "rejected").map((p) => (p as { issue: unknown }).issue)).toEqual([
      { file: "x/trajectory.json", field: "continued_trajectory_ref", reason: "continuation file trajectory.cont-1.json is not in the upload" },
      { file: "x/trajectory.json", record: "steps[2]", field: "source", reason: "step is not an object with source system|user|agent" },
    ]);
    const t = parsed.find((p) => p.kind === "trajectory")!.trajectory;
    expect(t.steps).toHaveLength(9);
  });
});

function trajectoryHead(): string {
  return read("harbor_openhands_hello-world.trajectory.json").slice(0, 500);
}
