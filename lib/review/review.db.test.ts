import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { driveRun } from "../distill/drive-run";
import { auditTrail } from "../testing/audit";
import { setupPrincipal } from "../testing/builders";
import { driveTestRun, setupDistillPool } from "../testing/driven-run";
import { expectAppError } from "../testing/expect-error";
import { addComment, listComments } from "./comments";
import { bulkDecide, chooseInConflict, decideItem } from "./decide";
import { getItemDetail } from "./item-detail";
import { listItems, ZItemFilter } from "./items";
import { previewProposal } from "./preview";
import { requestRemerge } from "./remerge";
import { signatureOf } from "../distill/reconcile-items";

async function finishedRun(count = 30) {
  const { ws, pool } = await setupDistillPool(count);
  const runId = await driveTestRun(ws, pool, { minSupport: 2, lowSupport: "hold" });
  return { ws, pool, runId, by: setupPrincipal(ws) };
}

describe("proposal review", () => {
  test("accept, edit, reject with versions; a stale save is a 409 naming the current item; the preview shows exactly the decisions", async () => {
    const { ws, runId, by } = await finishedRun();
    const { items } = await listItems(ws.id, runId, ZItemFilter.parse({}));
    const plain = items.filter((i) => i.applyStatus === "applied" && i.op !== "create" && !i.lowSupport);
    expect(plain.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = plain;

    const accepted = await decideItem(ws.id, a!.id, { action: "accept", version: a!.version }, by);
    expect(accepted).toMatchObject({ status: "accepted", version: a!.version + 1 });
    const stale = await expectAppError(decideItem(ws.id, a!.id, { action: "reject", version: a!.version, reason: "late" }, by), "conflict:item_version");
    expect((stale.details as { current: { status: string } }).current.status).toBe("accepted");

    // Edit through the modified pane: the whole file with only this item applied, one line changed.
    const detail = await getItemDetail(ws.id, b!.id);
    const marker = "EDITED BY A CURATOR";
    const editedFile = detail.files.proposed.replace(b!.edit.content.split("\n").find((l) => l.trim())!, marker);
    const edited = await decideItem(ws.id, b!.id, { action: "edit", version: b!.version, file: editedFile }, by);
    expect(edited.status).toBe("edited");
    expect(edited.editedAfter).toContain(marker);
    await expectAppError(decideItem(ws.id, c!.id, { action: "edit", version: c!.version, file: "---\nname: changed\n---\n" }, by), "invalid_input:edit");

    await expectAppError(decideItem(ws.id, c!.id, { action: "reject", version: c!.version, reason: " " }, by), "invalid_input:reason");
    await decideItem(ws.id, c!.id, { action: "reject", version: c!.version, reason: "Task-specific" }, by);

    const preview = await previewProposal(ws.id, runId);
    const skill = preview.files["SKILL.md"]!;
    expect(skill).toContain(a!.edit.content.trim().split("\n")[0]);
    expect(skill).toContain(marker);
    const changedFiles = preview.diff.files.filter((f) => f.change !== "unchanged");
    expect(changedFiles.length).toBeGreaterThan(0);
    expect(preview.outcomes.map((o) => o.id).sort()).toEqual([a!.id, b!.id].sort());

    const trail = (await auditTrail(ws.id)).filter((e) => e.entityType === "proposal_item");
    expect(trail.map((e) => e.action)).toEqual(["item.accept", "item.edit", "item.reject"]);
  });

  test("bulk decisions apply to exactly the filtered items, and refuse a list that changed", async () => {
    const { ws, runId, by } = await finishedRun();
    const filter = ZItemFilter.parse({ minSupport: "2", status: "pending" });
    const { items } = await listItems(ws.id, runId, filter);
    expect(items.length).toBeGreaterThan(0);
    await expectAppError(bulkDecide(ws.id, runId, { filter, action: "accept", expected: items.length + 1 }, by), "conflict:filter_changed");
    const r = await bulkDecide(ws.id, runId, { filter, action: "accept", expected: items.length }, by);
    expect(r.ids.sort()).toEqual(items.map((i) => i.id).sort());
    const all = await db().proposalItem.findMany({ where: { runId } });
    for (const i of all) expect(i.status === "accepted").toBe(i.support >= 2);
  });

  test("choose one item of a conflict group rejects the others", async () => {
    const { ws, runId, by } = await finishedRun(10);
    const some = await db().proposalItem.findMany({ where: { runId }, take: 2, orderBy: { position: "asc" } });
    await db().proposalItem.updateMany({ where: { id: { in: some.map((s) => s.id) } }, data: { conflictGroup: `${runId}:9` } });
    const { rejected } = await chooseInConflict(ws.id, some[0]!.id, some[0]!.version, by);
    expect(rejected).toEqual([some[1]!.id]);
    expect((await db().proposalItem.findUniqueOrThrow({ where: { id: some[1]!.id } })).status).toBe("rejected");
  });

  test("threaded comments", async () => {
    const { ws, runId, by } = await finishedRun(10);
    const item = await db().proposalItem.findFirstOrThrow({ where: { runId } });
    const root = await addComment(ws.id, item.id, { body: "Is this general?" }, by);
    const reply = await addComment(ws.id, item.id, { body: "Yes, 4 trajectories.", parentId: root.id }, by);
    const replyToReply = await addComment(ws.id, item.id, { body: "Agreed.", parentId: reply.id }, by);
    expect(replyToReply.parentId).toBe(root.id);
    expect((await listComments(ws.id, item.id)).map((c) => c.body)).toEqual(["Is this general?", "Yes, 4 trajectories.", "Agreed."]);
  });

  test("re-merge after rejecting lessons maps only the changed trajectories and keeps decisions on unchanged items", async () => {
    const { ws, runId, by } = await finishedRun(24);
    const before = await db().proposalItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
    for (const i of before) await decideItem(ws.id, i.id, { action: "accept", version: i.version }, by);
    const mapStepsBefore = await db().durableStep.count({ where: { runId, key: { startsWith: "map:" } } });

    // Reject every lesson of the trajectory behind the least-supported item.
    const target = [...before].filter((i) => i.sourceTrajectoryIds.length).sort((a, b) => a.support - b.support)[0]!.sourceTrajectoryIds[0]!;
    await db().lesson.updateMany({ where: { runId, trajectoryId: target }, data: { status: "rejected" } });
    await requestRemerge(ws.id, runId, by, async () => undefined);
    await driveRun(runId, { llm: null, maskSecrets: true });

    const run = await db().distillRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("succeeded");
    // Only the changed trajectory was mapped again; every other map step was reused.
    expect(await db().durableStep.count({ where: { runId, key: { startsWith: "map:" } } })).toBe(mapStepsBefore + 1);
    const after = await db().proposalItem.findMany({ where: { runId } });
    expect(after.every((i) => !i.sourceTrajectoryIds.includes(target))).toBe(true);
    // An item whose edit is unchanged is the same row with its decision; a changed one starts pending.
    const beforeIds = new Set(before.map((i) => i.id));
    const carried = after.filter((i) => beforeIds.has(i.id));
    expect(carried.length).toBeGreaterThan(0);
    for (const i of carried) expect(i.status).toBe("accepted");
    for (const i of after.filter((x) => !beforeIds.has(x.id))) expect(i.status).toBe("pending");
    for (const i of carried) expect(signatureOf({ edit: i.edit as never })).toBe(signatureOf({ edit: before.find((b) => b.id === i.id)!.edit as never }));
  });
});
