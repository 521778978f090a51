import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { auditTrail } from "../testing/audit";
import { createTestPool, createTestTrajectory, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { importTestTrajectories } from "../testing/trajectories";
import { bulkSetLabels, setTrajectoryLabel, ZBulkLabel, ZLabelChange } from "./labels";
import { applyLabelsFile, parseLabelsFile } from "./labels-file";
import { listTrajectories, ZTrajectoryFilter, ZTrajectoryFilters } from "./trajectory-list";

const labelsOf = async (ids: string[]) =>
  db().trajectory.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { id: true, outcome: true, reward: true, labelSource: true, importedOutcome: true, importedReward: true } });

async function setup() {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  return { ws, pool, by: setupPrincipal(ws) };
}

describe("labels", () => {
  test("a single override keeps the imported values, is audited, and can be undone", async () => {
    const { ws, pool, by } = await setup();
    const [id] = await importTestTrajectories(ws, pool, [{ outcome: "failure", reward: 0.2 }]);

    const set = await setTrajectoryLabel(ws.id, id, ZLabelChange.parse({ outcome: "success", reward: 1 }), by);
    expect(set).toMatchObject({ id, outcome: "success", reward: 1, labelSource: "manual", importedOutcome: "failure", importedReward: 0.2, changed: true });
    // The same values again change nothing and write no audit row.
    expect((await setTrajectoryLabel(ws.id, id, { outcome: "success" }, by)).changed).toBe(false);
    // Reward alone; null clears it.
    expect(await setTrajectoryLabel(ws.id, id, { reward: null }, by)).toMatchObject({ outcome: "success", reward: null, importedReward: 0.2 });

    const undone = await setTrajectoryLabel(ws.id, id, { revert: true }, by);
    expect(undone).toMatchObject({ outcome: "failure", reward: 0.2, labelSource: "import", changed: true });

    const trail = (await auditTrail(ws.id)).filter((e) => e.entityId === id);
    expect(trail.map((e) => [e.action, e.before, e.after])).toEqual([
      ["trajectory.label.set", { outcome: "failure", reward: 0.2, labelSource: "import" }, { outcome: "success", reward: 1, labelSource: "manual" }],
      ["trajectory.label.set", { outcome: "success", reward: 1, labelSource: "manual" }, { outcome: "success", reward: null, labelSource: "manual" }],
      ["trajectory.label.revert", { outcome: "success", reward: null, labelSource: "manual" }, { outcome: "failure", reward: 0.2, labelSource: "import" }],
    ]);
    expect(trail.every((e) => e.actorKind === "api_key" && e.entityType === "trajectory")).toBe(true);
  });

  test("undo works for rows written before imported values were recorded, and ids outside the workspace are not found", async () => {
    const { ws, pool, by } = await setup();
    const t = await createTestTrajectory({ pool, outcome: "failure" });
    await setTrajectoryLabel(ws.id, t.id, { outcome: "success" }, by);
    expect(await setTrajectoryLabel(ws.id, t.id, { revert: true }, by)).toMatchObject({ outcome: "failure", labelSource: "import" });
    const other = await createTestWorkspace();
    await expectAppError(setTrajectoryLabel(other.id, t.id, { outcome: "success" }, by), "not_found:trajectory");
    expect(ZLabelChange.safeParse({}).success).toBe(false);
    expect(ZLabelChange.safeParse({ revert: true, outcome: "success" }).success).toBe(false);
    expect(ZLabelChange.safeParse({ outcome: "passed" }).success).toBe(false);
  });

  test("a bulk action changes exactly the trajectories the table filter lists", async () => {
    const { ws, pool, by } = await setup();
    const ids = await importTestTrajectories(ws, pool, [
      { outcome: "failure", instruction: "Fix the parser crash", steps: [{ text: "Traceback: parser error", isError: true }] },
      { outcome: "failure", instruction: "Fix the parser crash again", steps: [{ text: "all good" }] },
      { outcome: "success", instruction: "Fix the parser crash", steps: [{ text: "Traceback: parser error", isError: true }] },
      { outcome: "failure", instruction: "Write the docs", steps: [{ text: "Traceback: docs error", isError: true }] },
    ]);
    const otherPool = await createTestPool({ workspace: ws });
    const [outside] = await importTestTrajectories(ws, otherPool, [{ outcome: "failure", instruction: "Fix the parser crash", steps: [{ text: "Traceback: parser error", isError: true }] }]);
    const before = await labelsOf([...ids, outside]);

    const query = { outcome: "failure", hasErrors: "true", q: "parser" };
    const listed = await listTrajectories(ws.id, pool.name, ZTrajectoryFilters.parse(query));
    expect(listed.rows.map((r) => r.id)).toEqual([ids[0]]);

    const body = ZBulkLabel.parse({ filter: query, outcome: "success", reward: 0.5 });
    const { filter, ...change } = body;
    expect(await bulkSetLabels(ws.id, pool.name, filter, change, by)).toEqual({ matched: 1, changed: 1 });
    const after = await labelsOf([...ids, outside]);
    for (const row of after) {
      if (row.id === ids[0]) expect(row).toMatchObject({ outcome: "success", reward: 0.5, labelSource: "bulk", importedOutcome: "failure", importedReward: null });
      else expect(row).toEqual(before.find((b) => b.id === row.id));
    }

    // An empty filter reaches the whole pool (and nothing outside it); unchanged rows are not counted.
    expect(await bulkSetLabels(ws.id, pool.name, ZTrajectoryFilter.parse({}), { outcome: "success" }, by)).toEqual({ matched: 4, changed: 2 });
    expect((await labelsOf([outside]))[0].outcome).toBe("failure");
    // Undo in bulk: back to what the import said.
    expect(await bulkSetLabels(ws.id, pool.name, ZTrajectoryFilter.parse({}), { revert: true }, by)).toEqual({ matched: 4, changed: 3 });
    expect((await labelsOf(ids)).map((r) => [r.outcome, r.reward, r.labelSource])).toEqual(before.filter((b) => ids.includes(b.id)).map((r) => [r.outcome, r.reward, "import"]));

    const trail = await auditTrail(ws.id);
    expect(trail.filter((e) => e.action === "trajectory.label.bulk")).toHaveLength(3);
    expect(trail.filter((e) => e.action === "trajectory.label.revert")).toHaveLength(3);
    const summary = trail.find((e) => e.action === "pool.labels.bulk")!;
    expect(summary).toMatchObject({ entityType: "pool", entityId: pool.id, after: { filter: { outcome: "failure", hasErrors: true, q: "parser" }, matched: 1, changed: 1 } });
  });

  test("a JSONL labels file is applied by external or database id, and every bad line is reported with its number", async () => {
    const { ws, pool, by } = await setup();
    const [a, b, c1, c2] = await importTestTrajectories(ws, pool, [
      { externalId: "run-a", outcome: "unknown" },
      { externalId: "run-b", outcome: "failure", reward: 0 },
      { externalId: "run-c", outcome: "unknown", instruction: "first attempt" },
      { externalId: "run-c", outcome: "unknown", instruction: "second attempt" },
    ]);
    const file = [
      JSON.stringify({ id: "run-a", outcome: "success", reward: 1 }),
      "",
      "{not json",
      JSON.stringify({ id: b, reward: 0.75 }),
      JSON.stringify({ id: "run-c", outcome: "failure" }),
      JSON.stringify({ id: "missing-run", outcome: "success" }),
      JSON.stringify({ id: "run-a", outcome: "passed" }),
      JSON.stringify({ id: "run-b" }),
      JSON.stringify({ outcome: "success" }),
    ].join("\n");
    const report = await applyLabelsFile(ws.id, pool.name, file, by);
    expect(report).toMatchObject({ records: 8, applied: 3, notFound: 1, invalid: 4, changed: 4, truncated: false });
    expect(report.results.map((r) => [r.line, r.status, r.changed ?? null])).toEqual([
      [1, "applied", 1],
      [3, "invalid", null],
      [4, "applied", 1],
      [5, "applied", 2],
      [6, "not_found", null],
      [7, "invalid", null],
      [8, "invalid", null],
      [9, "invalid", null],
    ]);
    expect(report.results[1].reason).toMatch(/not valid JSON/);
    expect(report.results[5].reason).toMatch(/^outcome/);
    expect(report.results[6].reason).toMatch(/outcome or a reward/);
    expect(report.results[7].reason).toMatch(/^id/);

    const rows = await labelsOf([a, b, c1, c2]);
    const of = (id: string) => rows.find((r) => r.id === id)!;
    expect(of(a)).toMatchObject({ outcome: "success", reward: 1, labelSource: "labels-file" });
    expect(of(b)).toMatchObject({ outcome: "failure", reward: 0.75, importedReward: 0 });
    expect([of(c1).outcome, of(c2).outcome]).toEqual(["failure", "failure"]);
    const trail = await auditTrail(ws.id);
    expect(trail.filter((e) => e.action === "trajectory.label.file").map((e) => e.entityId).sort()).toEqual([a, b, c1, c2].sort());
    expect(trail.find((e) => e.action === "pool.labels.file")?.after).toMatchObject({ applied: 3, notFound: 1, invalid: 4, changed: 4 });
  });

  test("a JSON array labels file reports the line each record starts on; the last record for a trajectory wins", async () => {
    const { ws, pool, by } = await setup();
    const [a] = await importTestTrajectories(ws, pool, [{ externalId: "x1", outcome: "unknown" }]);
    const file = `[\n  {"id": "x1", "outcome": "failure"},\n  {\n    "id": "nope",\n    "outcome": "success"\n  },\n  {"id": "x1", "outcome": "success", "reward": 1},\n  "just a string"\n]\n`;
    expect(parseLabelsFile(file).map((e) => e.line)).toEqual([2, 3, 7, 8]);
    const report = await applyLabelsFile(ws.id, pool.name, file, by);
    expect(report.results.map((r) => [r.line, r.status])).toEqual([
      [2, "invalid"],
      [3, "not_found"],
      [7, "applied"],
      [8, "invalid"],
    ]);
    expect(report.results[0].reason).toMatch(/labelled again on line 7/);
    expect((await labelsOf([a]))[0]).toMatchObject({ outcome: "success", reward: 1 });

    expect(parseLabelsFile('[\n  {"id": "x1"},\n  {"id": \n]')).toEqual([{ line: expect.any(Number), error: expect.stringMatching(/not a valid JSON array/) }]);
    await expectAppError(applyLabelsFile(ws.id, pool.name, "\n\n", by), "invalid_input:labels_file");
  });
});
