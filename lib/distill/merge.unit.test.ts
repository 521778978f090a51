import { afterEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import type { TPatchEdit } from "../skills/patch";
import { mergeWithLlm, mergeWithRules, renderPatchesForMerge } from "./merge";
import { patchKey, sourceMapPatch, type TSourcedPatch } from "./sourced-edit";

const base = { "SKILL.md": "---\nname: xlsx\ndescription: Spreadsheets.\n---\n\n# XLSX\n\n## Formulas\n\nUse openpyxl.\n" };
const tip = (content: string): TPatchEdit => ({ file: "SKILL.md", op: "append_to_section", target_section: "## Formulas", content });
const patch = (i: number, content: string): TSourcedPatch => sourceMapPatch(patchKey(0, i), { reasoning: `r${i}`, edits: [tip(content)], changelog_entries: [] }, `t${i}`, [`l${i}`]);
const outcomeOf = (id: string) => (id === "t2" ? ("success" as const) : ("failure" as const));
const ctx = { base, runMode: "combined" as const, outcomeOf };

let server: TFakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("mergeWithLlm (real client, fake server)", () => {
  it("shows each edit's id and support to the merger and attributes its answer", async () => {
    server = await startFakeOpenAI({
      rules: [{ match: { role: "merger" }, reply: { json: { reasoning: "one tip", edits: [{ ...tip("Run recalc.py after writing formulas."), from: ["L0.0.e0", "L0.2.e0"] }], changelog_entries: ["recalc"] } } }],
    });
    const { llm } = createTestLlm(server);
    const inputs = [patch(0, "Recalculate with recalc.py."), patch(1, "Never use pandas.to_excel."), patch(2, "Run recalc.py after formulas.")];
    const out = await mergeWithLlm("L1.0", inputs, { llm }, ctx);

    const sent = server.requests[0]!.messages.map((m) => m.content).join("\n");
    expect(sent).toContain('"id": "L0.2.e0"');
    expect(sent).toContain("1 trajectories (0 failed, 1 succeeded)");
    expect(sent).toContain("mixed evidence");
    expect(out).toMatchObject({ status: "merged", merger: "llm", discarded: ["L0.1.e0"] });
    expect(out.patch.edits[0]).toMatchObject({ id: "L1.0.e0", trajectoryIds: ["t0", "t2"], lessonIds: ["l0", "l2"] });
    expect(out.usage.tokensIn).toBeGreaterThan(0);
  });

  it("retries a failed node once, then passes its inputs through and says why", async () => {
    server = await startFakeOpenAI({ rules: [{ match: { role: "merger" }, reply: { status: 400, body: { error: { message: "model not found" } } } }] });
    const { llm } = createTestLlm(server);
    const inputs = [patch(0, "a tip"), patch(1, "another tip")];
    const out = await mergeWithLlm("L1.0", inputs, { llm }, ctx);
    expect(out.status).toBe("passed_through");
    expect(out.error).toMatch(/merge call failed twice/);
    expect(out.patch.edits.map((e) => e.trajectoryIds)).toEqual([["t0"], ["t1"]]);
    expect(server.requests.filter((r) => r.role === "merger")).toHaveLength(2);
  });
});

describe("renderPatchesForMerge", () => {
  it("counts support per distinct trajectory", () => {
    const merged = { ...patch(0, "x"), edits: [{ ...patch(0, "x").edits[0]!, trajectoryIds: ["t0", "t1", "t2"] }] };
    expect(renderPatchesForMerge([merged], outcomeOf)).toContain("3 trajectories (2 failed, 1 succeeded)");
  });
  it("the rule-based merger reports no usage", async () => {
    const out = await mergeWithRules("L1.0", [patch(0, "Recalculate formulas with recalc.py"), patch(1, "Recalculate formulas with recalc.py now")], {}, ctx);
    expect(out).toMatchObject({ merger: "rule-based", attempts: 0, usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 } });
    expect(out.patch.edits).toHaveLength(1);
  });
});
