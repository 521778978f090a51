import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { setupPrincipal } from "../testing/builders";
import { driveTestRun, setupDistillPool } from "../testing/driven-run";
import { expectAppError } from "../testing/expect-error";
import { bulkDecide } from "../review/decide";
import { ZItemFilter } from "../review/items";
import { previewProposal } from "../review/preview";
import { itemsAtLine, type TProvenance } from "./provenance";
import { draftPublish, publishRun, ZPublish } from "./publish";

async function reviewed() {
  const { ws, pool } = await setupDistillPool(30);
  const runId = await driveTestRun(ws, pool, { minSupport: 2, lowSupport: "hold" });
  return { ws, runId, by: setupPrincipal(ws) };
}

describe("publishing a reviewed proposal", () => {
  test("pending items block; then a new minor version with the preview's files, a changelog and line provenance", async () => {
    const { ws, runId, by } = await reviewed();
    await expectAppError(publishRun(ws.id, runId, ZPublish.parse({}), by), "conflict:items_pending");

    await bulkDecide(ws.id, runId, { filter: ZItemFilter.parse({ minSupport: "2", status: "pending" }), action: "accept" }, by);
    await bulkDecide(ws.id, runId, { filter: ZItemFilter.parse({ status: "pending" }), action: "reject", reason: "Too rare" }, by);
    const draft = await draftPublish(ws.id, runId);
    expect(draft).toMatchObject({ skill: "xlsx", baseVersion: "1.0.0", version: "1.1.0", versions: { major: "2.0.0", minor: "1.1.0", patch: "1.0.1" }, pending: 0 });
    expect(draft.changelog).toContain("## 1.1.0");
    expect(draft.changelog).toMatch(/support \d+: \d+ failed, \d+ succeeded/);
    expect(draft.changelog).toContain("rejected: Too rare");

    const saved = await publishRun(ws.id, runId, ZPublish.parse({ changelog: "## 1.1.0\n\nCurated by a test." }), by);
    expect(saved).toMatchObject({ skill: "xlsx", version: "1.1.0" });
    const version = await db().skillVersion.findUniqueOrThrow({ where: { id: saved.id }, include: { files: true, skill: { include: { distTags: true } } } });
    expect(version.changelog).toBe("## 1.1.0\n\nCurated by a test.");
    expect(version.runId).toBe(runId);
    expect(version.skill.distTags.find((t) => t.name === "latest")?.versionId).toBe(saved.id);
    const preview = await previewProposal(ws.id, runId);
    expect(Object.fromEntries(version.files.map((f) => [f.path, f.content]))).toEqual(preview.files);

    // Every accepted item's lines point back to it; a base line points nowhere.
    const manifest = version.manifest as { provenance: TProvenance; items: { id: string; status: string; sourceTrajectoryIds: string[] }[]; run: { id: string; pool: { contentHash: string | null } } };
    expect(manifest.run.id).toBe(runId);
    const accepted = manifest.items.filter((i) => i.status === "accepted");
    expect(accepted.length).toBeGreaterThan(0);
    const spans = manifest.provenance.files["SKILL.md"] ?? [];
    expect(spans.length).toBeGreaterThan(0);
    const first = spans[0]!;
    const itemId = itemsAtLine(manifest.provenance, "SKILL.md", first.start)[0]!;
    expect(accepted.map((i) => i.id)).toContain(itemId);
    const lines = version.files.find((f) => f.path === "SKILL.md")!.content.split("\n");
    const item = await db().proposalItem.findUniqueOrThrow({ where: { id: itemId } });
    expect(lines.slice(first.start - 1, first.start - 1 + first.count).join("\n")).toContain((item.edit as { content: string }).content.split("\n").find((l) => l.trim())!);
    expect(itemsAtLine(manifest.provenance, "SKILL.md", 1)).toEqual([]);

    // Immutable: publishing the same decisions again is refused with a pointer to the version.
    const again = await expectAppError(publishRun(ws.id, runId, ZPublish.parse({}), by), "conflict:identical_content");
    expect(again.details).toMatchObject({ version: "1.1.0" });
  });

  test("nothing accepted, or lint errors, are refused", async () => {
    const { ws, runId, by } = await reviewed();
    await bulkDecide(ws.id, runId, { filter: ZItemFilter.parse({}), action: "reject", reason: "no" }, by);
    await expectAppError(publishRun(ws.id, runId, ZPublish.parse({}), by), "invalid_input:nothing_accepted");
    const one = await db().proposalItem.findFirstOrThrow({ where: { runId, applyStatus: "applied", op: "append_to_section" } });
    // A SKILL.md of 600 lines breaks the 500-line rule.
    const edit = { ...(one.edit as object), content: Array.from({ length: 600 }, (_, i) => `- line ${i}`).join("\n") };
    await db().proposalItem.update({ where: { id: one.id }, data: { status: "accepted", edit } });
    const e = await expectAppError(publishRun(ws.id, runId, ZPublish.parse({}), by), "invalid_input:lint");
    expect(JSON.stringify(e.details)).toContain("skill-md/too-long");
  });
});
