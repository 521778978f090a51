import { describe, expect, test } from "vitest";
import { ZPatch } from "../skills/patch";
import { findSection } from "../skills/sections";
import { CORPUS, collect, corpusFiles, trajectories } from "../testing/corpus";
import { DEFAULT_PARSE_OPTIONS } from "../traces/format";
import type { TTrajectory } from "../traces/model";
import { buildProbe } from "../traces/probe";
import { detectFormat } from "../traces/registry";
import { diskFiles } from "../traces/source";
import { ZLessonSet, type TLessonSet } from "./lessons";
import { mapLessons, type TMapFn, type TMapInput } from "./map";
import { analyseTrajectory } from "./analyse-trajectory";
import type { TAnalyseFn } from "./contracts";
import { fakeGithubToken } from "./testing/llm-stub";
import { analyseTrajectoryByRules } from "./rule-analyst";
import { buildPoolProfile } from "./rule-features";
import { mapLessonsByRules } from "./rule-mapper";
import { isErrorStep } from "./signals";
import { createBaseSkill } from "./skill-files";
import { bashTurn, buildTrajectory, demoTrajectories, SAMPLE_SKILL } from "./testing/fixtures";

const deps = {};

async function corpusTrajectories(): Promise<{ name: string; t: TTrajectory }[]> {
  const out: { name: string; t: TTrajectory }[] = [];
  for (const name of corpusFiles()) {
    const [file] = diskFiles(CORPUS, [name]);
    const format = detectFormat(await buildProbe(file));
    if (!format) continue;
    for (const t of trajectories(await collect(format, file, DEFAULT_PARSE_OPTIONS))) out.push({ name, t });
  }
  return out;
}

function expectCited(result: Awaited<ReturnType<typeof analyseTrajectoryByRules>>, t: TTrajectory): TLessonSet {
  expect(result.kind, `${t.externalId}: ${JSON.stringify(result)}`).toBe("lessons");
  const set = ZLessonSet.parse(result);
  expect(set.analyst).toBe("rule-based");
  expect(set.items.length).toBeGreaterThan(0);
  const indices = new Set(t.steps.map((s) => s.index));
  for (const item of set.items) for (const ref of item.stepRefs) expect(indices.has(ref)).toBe(true);
  expect(set.citations.invalid).toBe(0);
  return set;
}

// The orchestration swaps implementations behind these types; this fails to compile if they drift.
const swappable: { analyse: TAnalyseFn[]; map: TMapFn[] } = { analyse: [analyseTrajectory, analyseTrajectoryByRules], map: [mapLessons, mapLessonsByRules] };

describe("rule-based analyst", () => {
  test("implements the LLM analyst's and mapper's signatures", () => {
    expect(swappable.analyse).toHaveLength(2);
    expect(swappable.map).toHaveLength(2);
  });

  test("quotes from the trajectory are masked", async () => {
    const token = fakeGithubToken();
    const t = buildTrajectory({ outcome: "failure", steps: [...bashTurn(`curl -H 'Authorization: token ${token}' api`, `curl: (22) The requested URL returned error: 401 for ${token}\n[exit code 22]`, { error: true }), ...bashTurn(`curl -H 'Authorization: token ${token}' -L api`, "ok")] });
    const set = expectCited(await analyseTrajectoryByRules(t, deps, { maskSecrets: true }), t);
    expect(JSON.stringify(set)).not.toContain(token);
  });

  test("cited lessons for every failed trajectory of the demo pool, with pool contrast", async () => {
    const pool = await demoTrajectories();
    const profile = buildPoolProfile(pool);
    const failed = pool.filter((t) => t.outcome === "failure");
    expect(failed.length).toBeGreaterThan(20);
    let contrast = 0;
    for (const t of failed) {
      const set = expectCited(await analyseTrajectoryByRules(t, deps, { maskSecrets: true, poolProfile: profile }), t);
      expect(set.items.some((i) => i.kind === "failure_cause")).toBe(true);
      if (set.items.some((i) => /successful runs/.test(i.content))) contrast++;
    }
    // The contrast rules find something in most failures of the demo pool (pandas, no read-back…).
    expect(contrast).toBeGreaterThan(failed.length / 2);
  });

  test("cited lessons for the demo pool's failures without a pool profile, and for its successes", async () => {
    const pool = await demoTrajectories();
    for (const t of pool.filter((x) => x.outcome === "failure")) expectCited(await analyseTrajectoryByRules(t, deps, { maskSecrets: true }), t);
    const profile = buildPoolProfile(pool);
    for (const t of pool.filter((x) => x.outcome === "success").slice(0, 20)) {
      const set = expectCited(await analyseTrajectoryByRules(t, deps, { maskSecrets: true, poolProfile: profile }), t);
      expect(set.perspective).toBe("success");
      expect(set.leanPath?.steps.length).toBeGreaterThan(0);
    }
  });

  test("cited lessons for every corpus trajectory that contains errors (unknown outcomes opted in)", async () => {
    const withErrors = (await corpusTrajectories()).filter(({ t }) => t.steps.some(isErrorStep));
    expect(withErrors.length).toBeGreaterThanOrEqual(6);
    for (const { name, t } of withErrors) {
      const result = await analyseTrajectoryByRules(t, deps, { maskSecrets: true, analyseUnknown: true });
      expectCited(result, t);
      expect(name).toBeTruthy();
    }
  });

  test("unknown outcomes are skipped unless opted in", async () => {
    const t = buildTrajectory({ outcome: "unknown", steps: bashTurn("python x.py", "Traceback (most recent call last):\nValueError: bad\n[exit code 1]", { error: true }) });
    expect(await analyseTrajectoryByRules(t, deps, { maskSecrets: true })).toEqual({ kind: "skipped", reason: "unknown_outcome" });
    const clean = buildTrajectory({ outcome: "unknown", steps: bashTurn("ls", "a.txt") });
    expect(await analyseTrajectoryByRules(clean, deps, { maskSecrets: true, analyseUnknown: true })).toEqual({ kind: "skipped", reason: "unknown_outcome_no_errors" });
  });

  test("a tool error and its recovery become a memory citing the failing call, the error and the fix", async () => {
    const t = buildTrajectory({
      outcome: "failure",
      steps: [
        { role: "user", text: "Sum column B" },
        ...bashTurn('python -c "import openpyxl"', "bash: line 1: python: command not found\n[exit code 127]", { error: true }),
        ...bashTurn('python3 -c "import openpyxl"', ""),
        { role: "assistant", kind: "message", text: "TASK_COMPLETE" },
      ],
    });
    const set = expectCited(await analyseTrajectoryByRules(t, deps, { maskSecrets: true }), t);
    const memory = set.items.find((i) => i.kind === "failure_memory")!;
    expect(memory.stepRefs).toEqual([1, 2, 3]);
    expect(memory.content).toContain("python3");
    // The error was recovered, so the failed ending is a silent mistake.
    expect(set.items.find((i) => i.kind === "failure_cause")!.title).toMatch(/silent/);
  });

  test("a repeated failure signature is one cause citing every occurrence", async () => {
    const err = (sheet: string) => `Traceback (most recent call last):\nKeyError: 'Worksheet ${sheet} does not exist.'\n[exit code 1]`;
    const t = buildTrajectory({ outcome: "failure", steps: [...bashTurn("python3 a.py", err("Sheet1"), { error: true }), ...bashTurn("python3 a.py", err("Data"), { error: true }), { role: "assistant", text: "I give up." }] });
    const set = expectCited(await analyseTrajectoryByRules(t, deps, { maskSecrets: true }), t);
    const repeated = set.items.find((i) => i.title.startsWith("Repeated"))!;
    expect(repeated.stepRefs).toEqual([0, 1, 2, 3]);
    expect(set.items.find((i) => i.title.startsWith("Unresolved"))!.stepRefs).toContain(4);
  });
});

describe("rule-based mapper", () => {
  async function lessonsOf(t: TTrajectory): Promise<TLessonSet> {
    const profile = buildPoolProfile(await demoTrajectories());
    return ZLessonSet.parse(await analyseTrajectoryByRules(t, deps, { maskSecrets: true, poolProfile: profile }));
  }
  const input = (t: TTrajectory, lessons: TLessonSet, base = SAMPLE_SKILL): TMapInput => ({ trajectoryId: t.externalId, lessons, base, baseMode: "deepen", runMode: "error" });

  test("turns every demo failure's lessons into a valid, non-empty patch against a sample skill", async () => {
    const failed = (await demoTrajectories()).filter((t) => t.outcome === "failure");
    for (const t of failed) {
      const result = await mapLessonsByRules(input(t, await lessonsOf(t)), deps, {});
      expect(result.kind).toBe("patch");
      if (result.kind !== "patch") continue;
      expect(result.mapper).toBe("rule-based");
      const patch = ZPatch.parse(result.patch);
      expect(patch.edits.length).toBeGreaterThan(0);
      expect(result.dropped).toEqual([]);
      for (const e of patch.edits) {
        expect(["SKILL.md", "references/observed-pitfalls.md"]).toContain(e.file);
        if (e.op === "append_to_section") expect(findSection(SAMPLE_SKILL[e.file as "SKILL.md"], e.target_section!)).toBeDefined();
      }
    }
  });

  test("a skill near its line limit gets a reference file plus the SKILL.md link", async () => {
    const t = (await demoTrajectories()).find((x) => x.outcome === "failure")!;
    const long = { ...SAMPLE_SKILL, "SKILL.md": SAMPLE_SKILL["SKILL.md"] + Array.from({ length: 460 }, (_, i) => `line ${i}`).join("\n") };
    const result = await mapLessonsByRules(input(t, await lessonsOf(t), long), deps, {});
    if (result.kind !== "patch") throw new Error("no patch");
    expect(result.patch.edits.map((e) => [e.file, e.op])).toEqual([
      ["references/observed-pitfalls.md", "create"],
      ["SKILL.md", "append_to_section"],
    ]);
    expect(result.patch.edits[1].content).toContain("references/observed-pitfalls.md");
  });

  test("create mode: a new section in a minimal SKILL.md, front matter untouched", async () => {
    const t = (await demoTrajectories()).find((x) => x.outcome === "failure")!;
    const base = createBaseSkill({ name: "sheet-agent", description: "Edit spreadsheets safely." });
    const result = await mapLessonsByRules({ ...input(t, await lessonsOf(t), base as typeof SAMPLE_SKILL), baseMode: "create" }, deps, {});
    if (result.kind !== "patch") throw new Error("no patch");
    expect(result.patch.edits).toHaveLength(1);
    expect(result.patch.edits[0]).toMatchObject({ file: "SKILL.md", op: "add_section" });
    expect(result.patch.edits[0].content.startsWith("## Common Pitfalls\n")).toBe(true);
  });
});

describe("pool profile", () => {
  test("counts call features and tool sequences per outcome", () => {
    const call = (toolName: string, args: Record<string, unknown>, id: string) => [
      { role: "assistant" as const, kind: "tool_call" as const, toolName, toolArgs: args, toolCallId: id },
      { role: "tool" as const, kind: "tool_result" as const, toolName, toolCallId: id, text: "ok" },
    ];
    const win = () => buildTrajectory({ outcome: "success", steps: [...call("Read", { path: "a.py" }, "1"), ...call("Edit", { path: "a.py", code: "wb = load_workbook(p, data_only=True)" }, "2")] });
    const lose = () => buildTrajectory({ outcome: "failure", steps: [...call("Edit", { path: "a.py", code: "df.to_excel(p)" }, "1")] });
    const profile = buildPoolProfile([win(), win(), lose(), buildTrajectory({ outcome: "unknown" })]);
    expect(profile).toMatchObject({ successes: 2, failures: 1 });
    expect(profile.features["seq:Read>Edit"]).toEqual({ success: 2, failure: 0 });
    expect(profile.features["kw:data_only=True"]).toEqual({ success: 2, failure: 0 });
    expect(profile.features["call:to_excel"]).toEqual({ success: 0, failure: 1 });
    expect(profile.features["tool:Edit"]).toEqual({ success: 2, failure: 1 });
  });
});
