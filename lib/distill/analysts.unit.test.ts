import { describe, expect, test } from "vitest";
import { analyseTrajectory } from "./analyse-trajectory";
import { ZLessonSet, ZSkipped } from "./lessons";
import { bashTurn, buildTrajectory } from "./testing/fixtures";
import { createStubLlm, fakeGithubToken } from "./testing/llm-stub";

const item = (title: string, stepRefs: number[]) => ({ title, description: `${title} happened. A second sentence that is cut.`, content: "One. Two. Three. Four.", stepRefs });

const failed = (metadata: Record<string, unknown> = {}) =>
  buildTrajectory({
    outcome: "failure",
    reward: 0,
    metadata,
    steps: [{ role: "user", text: "Sum column B into Summary!B2" }, ...bashTurn("python3 sum.py", "ok"), { role: "assistant", text: "TASK_COMPLETE" }],
  });

describe("error analyst", () => {
  test("returns a schema-valid lesson set; sees the grader evidence and is told never to mention it", async () => {
    const llm = createStubLlm({ error_analysis: { failure_causes: [item("Wrote a formula", [1, 2])], failure_memories: [item("Recalculate", [2])] } });
    const t = failed({ grader: "FAIL Summary!B2: expected 4821.5, found None", answer_position: "Summary!B2" });
    const result = await analyseTrajectory(t, { llm }, { maskSecrets: true, runId: "run-1" });
    const set = ZLessonSet.parse(result);
    expect(set).toMatchObject({ analyst: "error", perspective: "error", sawGraderEvidence: true, model: "stub-analyst", prompts: { "error-analyst": "v1" } });
    expect(set.items.map((i) => [i.kind, i.number, i.stepRefs])).toEqual([
      ["failure_cause", 1, [1, 2]],
      ["failure_memory", 1, [2]],
    ]);
    // One-sentence description, at most three sentences of content.
    expect(set.items[0].description).toBe("Wrote a formula happened.");
    expect(set.items[0].content).toBe("One. Two. Three.");
    const req = llm.requests[0];
    expect(req).toMatchObject({ role: "analyst", schemaName: "error_analysis", runId: "run-1", stepKey: `analysis:${t.externalId}` });
    const prompt = req.messages.map((m) => m.content).join("\n");
    expect(prompt).toContain("expected 4821.5");
    expect(prompt).toMatch(/never mention it/);
    expect(req.messages[0].content).toMatch(/NEVER mention the grader/);
    expect(prompt).toContain("[step 1] assistant tool_call bash");
  });

  test("citations to missing steps are repaired or dropped and counted; memory items beyond three are cut", async () => {
    const memories = [1, 2, 3, 4].map((n) => item(`Memory ${n}`, [1]));
    const llm = createStubLlm({ error_analysis: { failure_causes: [item("Near", [4]), item("Invented", [99]), item("Mixed", [0, 77])], failure_memories: memories } });
    const set = ZLessonSet.parse(await analyseTrajectory(failed(), { llm }, { maskSecrets: true }));
    expect(set.items.filter((i) => i.kind === "failure_cause").map((i) => [i.title, i.stepRefs])).toEqual([
      ["Near", [3]],
      ["Mixed", [0]],
    ]);
    expect(set.citations).toEqual({ repaired: 1, droppedRefs: 2, droppedItems: 1, invalid: 3 });
    expect(set.items.filter((i) => i.kind === "failure_memory")).toHaveLength(3);
    expect(set.truncatedItems).toBe(1);
  });

  test("an answer whose every item cites nothing real is skipped as no_lessons, with its counts", async () => {
    const llm = createStubLlm({ error_analysis: { failure_causes: [item("Invented", [99])], failure_memories: [] } });
    const result = ZSkipped.parse(await analyseTrajectory(failed(), { llm }, { maskSecrets: true }));
    expect(result).toMatchObject({ reason: "no_lessons", citations: { droppedItems: 1 } });
  });

  test("secrets in the trajectory and in grader metadata stay masked in the prompt", async () => {
    const token = fakeGithubToken();
    const llm = createStubLlm({ error_analysis: { failure_causes: [item("x", [1])], failure_memories: [] } });
    const t = failed({ expected: `token ${token}` });
    t.steps[1].toolArgs = { command: `curl -H 'Authorization: token ${token}'` };
    await analyseTrajectory(t, { llm }, { maskSecrets: true });
    const prompt = llm.requests[0].messages.map((m) => m.content).join("\n");
    expect(prompt).not.toContain(token);
    expect(prompt).toContain("[REDACTED:github_token]");
  });

  test("unknown outcomes are skipped by default; on opt-in a run with errors goes to the error analyst as unverified", async () => {
    const llm = createStubLlm({ error_analysis: { failure_causes: [item("Crash", [1])], failure_memories: [] } });
    const t = buildTrajectory({ outcome: "unknown", steps: bashTurn("python3 x.py", "Traceback (most recent call last):\nKeyError: 'a'\n[exit code 1]", { error: true }) });
    expect(await analyseTrajectory(t, { llm }, { maskSecrets: true })).toEqual({ kind: "skipped", reason: "unknown_outcome" });
    expect(llm.requests).toHaveLength(0);
    const set = ZLessonSet.parse(await analyseTrajectory(t, { llm }, { maskSecrets: true, analyseUnknown: true }));
    expect(set.analyst).toBe("error");
    expect(llm.requests[0].messages[1].content).toMatch(/outcome is unknown/);
    const clean = buildTrajectory({ outcome: "unknown", steps: bashTurn("ls", "a") });
    expect(await analyseTrajectory(clean, { llm }, { maskSecrets: true, analyseUnknown: true })).toEqual({ kind: "skipped", reason: "unknown_outcome_no_errors" });
  });
});

describe("success analyst", () => {
  test("returns a lean path and success memories, both cited; no grader evidence is shown", async () => {
    const llm = createStubLlm({
      success_analysis: {
        lean_solution_path: { overview: "Explored, then wrote the total.", steps: [{ title: "Explore", description: "Listed sheets.", stepRefs: [1] }, { title: "Ghost", description: "Never happened.", stepRefs: [50] }] },
        success_memories: [item("Read back the result", [2])],
      },
    });
    const t = buildTrajectory({ outcome: "success", reward: 1, metadata: { grader: "PASS: B2 = 4821.5" }, steps: [{ role: "user", text: "task" }, ...bashTurn("python3 sum.py", "total = 4821.5")] });
    const set = ZLessonSet.parse(await analyseTrajectory(t, { llm }, { maskSecrets: true }));
    expect(set).toMatchObject({ analyst: "success", perspective: "success", sawGraderEvidence: false, prompts: { "success-analyst": "v1" } });
    expect(set.items.map((i) => i.kind)).toEqual(["success_memory"]);
    expect(set.leanPath?.steps.map((s) => s.title)).toEqual(["Explore"]);
    expect(set.citations.droppedItems).toBe(1);
    expect(llm.requests[0].messages.map((m) => m.content).join("\n")).not.toContain("PASS: B2");
  });

  test("an LLM analyst without deps.llm fails loudly", async () => {
    await expect(analyseTrajectory(failed(), {}, { maskSecrets: true })).rejects.toThrow(/without deps.llm/);
  });
});
