import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { setupPrincipal } from "../testing/builders";
import { driveTestRun, setupDistillPool } from "../testing/driven-run";
import { importTestTrajectories } from "../testing/trajectories";
import { exportOfficialRun } from "./official-export";
import { importOfficialRun } from "./official-import";

const itemsOf = async (runId: string) =>
  (await db().proposalItem.findMany({ where: { runId } }))
    .map((i) => ({ edit: i.edit, support: i.support, supportError: i.supportError, supportSuccess: i.supportSuccess, trajectories: [...i.sourceTrajectoryIds].sort(), lowSupport: i.lowSupport, applyStatus: i.applyStatus }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("official Trace2Skill artifacts", () => {
  test("export → import round trip gives the same proposal (edits, support, sources)", async () => {
    const { ws, pool } = await setupDistillPool(24);
    const runId = await driveTestRun(ws, pool, { minSupport: 1 });
    const files = await exportOfficialRun(ws.id, runId);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["final_patch.json", "t2s_provenance.json", "map_patches/patch_0000.json"]));
    expect(Object.keys(files).some((f) => f.startsWith("merge_level_1/merged_"))).toBe(true);
    expect(JSON.parse(files["map_patches/patch_0000.json"]!)).toMatchObject({ batch_index: 0, edits: expect.any(Array) });

    const imported = await importOfficialRun(ws.id, setupPrincipal(ws), { pool: pool.name, skill: "xlsx", files });
    expect(imported.issues).toEqual([]);
    expect(await itemsOf(imported.runId)).toEqual(await itemsOf(runId));
    const tree = await db().patch.groupBy({ by: ["level"], where: { runId: imported.runId }, _count: true });
    expect(tree.length).toBeGreaterThan(1);
  });

  test("hand-written official files: records matched by instance id (also _seed_N), unmatched ones reported, a final patch without merge levels", async () => {
    const { ws, pool } = await setupDistillPool(0);
    await importTestTrajectories(ws, pool, [
      { externalId: "cli_skill_preloaded:101_seed_41", taskId: "101", outcome: "failure", steps: [{ text: "x" }] },
      { externalId: "cli_skill_preloaded:102", taskId: "102", outcome: "success", steps: [{ text: "y" }] },
    ]);
    const records = (source: string, ids: string[]) => JSON.stringify(ids.map((id) => ({ instance_id: id, items: [{ type: source === "error" ? "failure_memory" : "success_memory", number: 1, title: `T ${id}`, description: "D.", content: "Recalculate formulas after writing." }] })));
    const files = {
      "out/parsed_error_records.json": records("error", ["101_seed_41", "999"]),
      "out/parsed_success_records.json": records("success", ["102"]),
      "out/final_patch.json": JSON.stringify({ reasoning: "r", edits: [{ file: "SKILL.md", op: "append_to_section", target_section: "## Workflow", content: "- Recalculate formulas after writing." }, { file: "SKILL.md", op: "explode" }], changelog_entries: [] }),
    };
    const r = await importOfficialRun(ws.id, setupPrincipal(ws), { pool: pool.name, skill: "xlsx", files });
    expect(r).toMatchObject({ records: 3, matched: 2, finalPatch: true });
    expect(r.issues.map((i) => i.what)).toEqual(expect.arrayContaining(["record 999"]));
    expect(r.issues.find((i) => i.what === "record 999")!.message).toMatch(/no trajectory/);
    const items = await db().proposalItem.findMany({ where: { runId: r.runId } });
    expect(items).toHaveLength(1);
    // No merge lineage: the final edit is attributed to the map patches computed from both records.
    expect(items[0]!.support).toBe(2);
    expect(items[0]).toMatchObject({ supportError: 1, supportSuccess: 1 });
  });
});
