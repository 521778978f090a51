import { describe, expect, test } from "vitest";
import { compactTrajectory, cutMiddle, estimateTokens } from "./compact";
import { bashTurn, buildTrajectory, type TStepSpec } from "./testing/fixtures";
import { fakeGithubToken } from "./testing/llm-stub";

const noisy = (n: number) => Array.from({ length: n }, (_, i) => bashTurn(`cat part-${i}.log`, `log line ${i}\n`.repeat(120))).flat();

describe("compactTrajectory", () => {
  test("a short trajectory is rendered whole, every step with its index, role, kind, tool and arguments", () => {
    const t = buildTrajectory({ instruction: "Sum column B", steps: [{ role: "user", text: "Sum column B" }, ...bashTurn("ls /data", "a.csv")] });
    const c = compactTrajectory(t, { maskSecrets: true });
    expect(c.text).toContain("Task instruction:\nSum column B");
    expect(c.text).toContain('[step 1] assistant tool_call bash {"command":"ls /data"}');
    expect(c.text).toContain("[step 2] tool tool_result bash\na.csv");
    expect(c.shownSteps).toEqual([0, 1, 2]);
    expect(c.omittedRanges).toEqual([]);
  });

  test("long observations are cut head+tail at 6,000 characters by default", () => {
    const output = `HEAD-${"x".repeat(20_000)}-TAIL`;
    const c = compactTrajectory(buildTrajectory({ steps: bashTurn("cat big", output) }), { maskSecrets: true });
    expect(c.text).toContain("HEAD-");
    expect(c.text).toContain("-TAIL");
    expect(c.text).toMatch(/… \[14\d{3} characters omitted\] …/);
    expect(c.cutSteps).toEqual([1]);
    expect(cutMiddle("abcdefghij", 4)).toBe("ab\n… [6 characters omitted] …\nij");
  });

  test("a long trajectory fits the budget and keeps the instruction, the failing region and the ending, marking omissions", () => {
    const steps: TStepSpec[] = [{ role: "user", text: "Fix the build" }, ...noisy(150), ...bashTurn("make", "Traceback (most recent call last):\nValueError: boom\n[exit code 2]", { error: true }), ...noisy(60), { role: "assistant", text: "Giving up." }];
    const t = buildTrajectory({ instruction: "Fix the build", steps });
    const errorIndex = t.steps.findIndex((s) => s.isError);
    const budget = 8_000;
    const c = compactTrajectory(t, { maskSecrets: true, budgetTokens: budget });
    expect(c.estimatedTokens).toBeLessThanOrEqual(budget);
    expect(estimateTokens(c.text)).toBe(c.estimatedTokens);
    expect(c.text).toContain("Task instruction:\nFix the build");
    for (const i of [errorIndex - 2, errorIndex - 1, errorIndex, errorIndex + 1, errorIndex + 2]) expect(c.shownSteps).toContain(i);
    const last = t.steps.length - 1;
    for (let i = last - 5; i <= last; i++) expect(c.shownSteps).toContain(i);
    expect(c.text).toContain(`[step ${errorIndex}] tool tool_result bash (error)`);
    expect(c.text.trimEnd().endsWith("Giving up.")).toBe(true);
    expect(c.omittedRanges.length).toBeGreaterThan(0);
    for (const r of c.omittedRanges) expect(c.text).toContain(r.count === 1 ? `… step ${r.from} omitted …` : `… steps ${r.from}–${r.to} omitted (${r.count} steps) …`);
    expect(c.omittedRanges.some((r) => r.count > 50)).toBe(true);
    // Shown and omitted steps partition the trajectory.
    expect(c.shownSteps.length + c.omittedRanges.reduce((n, o) => n + o.count, 0)).toBe(t.steps.length);
  });

  test("when the kept regions alone exceed the budget, texts are cut shorter instead of dropping them", () => {
    const huge = "y".repeat(30_000);
    const t = buildTrajectory({ steps: Array.from({ length: 8 }, () => bashTurn("run", huge, { error: true })).flat() });
    const c = compactTrajectory(t, { maskSecrets: true, budgetTokens: 3_000 });
    expect(c.estimatedTokens).toBeLessThanOrEqual(3_000);
    expect(c.textCap).toBeLessThan(6_000);
    expect(c.shownSteps).toContain(t.steps.length - 1);
  });

  test("recorded indices are kept even when they are not contiguous", () => {
    const t = buildTrajectory({ steps: [{ index: 3, text: "a" }, { index: 10, text: "b" }] });
    expect(compactTrajectory(t, { maskSecrets: true }).text).toMatch(/\[step 3\][\s\S]*\[step 10\]/);
  });

  test("secrets are masked in the instruction, texts and arguments unless masking is off", () => {
    const token = fakeGithubToken();
    const t = buildTrajectory({ instruction: `use ${token}`, steps: bashTurn(`curl -H 'Authorization: token ${token}' api`, `echo ${token}`) });
    const masked = compactTrajectory(t, { maskSecrets: true }).text;
    expect(masked).not.toContain(token);
    expect(masked).toContain("[REDACTED:github_token]");
    expect(compactTrajectory(t, { maskSecrets: false }).text).toContain(token);
  });
});

test("a 10,000-step trajectory compacts quickly", () => {
  const steps = Array.from({ length: 5_000 }, (_, i) => bashTurn(`step ${i}`, i % 50 === 0 ? "Traceback (most recent call last):\nOSError: x\n[exit code 1]" : "ok ".repeat(200))).flat();
  const t = buildTrajectory({ steps });
  const started = performance.now();
  const c = compactTrajectory(t, { maskSecrets: true });
  expect(performance.now() - started).toBeLessThan(5_000);
  expect(c.estimatedTokens).toBeLessThanOrEqual(24_000);
  expect(c.shownSteps).toContain(t.steps.length - 1);
});
