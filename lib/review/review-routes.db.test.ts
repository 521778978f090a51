import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createTestUser, createTestWorkspace, type TTestWorkspace } from "../testing/builders";
import { callRoute, signIn, type TCredentials } from "../testing/http";
import { createReviewRun, type TReviewRun } from "../testing/review-run";
import * as itemsRoute from "../../app/api/w/[ws]/runs/[run]/items/route";
import * as bulkRoute from "../../app/api/w/[ws]/runs/[run]/items/bulk/route";
import * as previewRoute from "../../app/api/w/[ws]/runs/[run]/preview/route";
import * as auditRoute from "../../app/api/w/[ws]/runs/[run]/audit/route";
import * as detailRoute from "../../app/api/w/[ws]/items/[id]/route";
import * as decisionRoute from "../../app/api/w/[ws]/items/[id]/decision/route";
import * as chooseRoute from "../../app/api/w/[ws]/items/[id]/choose/route";
import * as assigneeRoute from "../../app/api/w/[ws]/items/[id]/assignee/route";
import * as commentsRoute from "../../app/api/w/[ws]/items/[id]/comments/route";

// The review routes over HTTP: filters from the query string, decisions with versions (a stale one
// answers 409 with the current item), an edit outside the item's lines answers 400, exact bulk, the
// run-scoped audit log readable by viewers, comments, assignment and choose-one.

let ws: TTestWorkspace;
let run: TReviewRun;
let curator: TCredentials;
let viewer: TCredentials;
let curatorId: string;

const ZItem = z.object({ id: z.string(), status: z.string(), version: z.number(), file: z.string(), editedAfter: z.string().nullable(), applyStatus: z.string(), op: z.string(), assigneeId: z.string().nullable(), decidedByName: z.string().nullable() });
const ZList = z.object({ items: z.array(ZItem), groups: z.array(z.object({ file: z.string(), sections: z.array(z.object({ section: z.string(), itemIds: z.array(z.string()) })) })), counts: z.record(z.string(), z.number()) });
const ZError = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

beforeAll(async () => {
  ws = await createTestWorkspace();
  run = await createReviewRun(ws);
  const c = await createTestUser({ workspace: ws, role: "curator" });
  const v = await createTestUser({ workspace: ws, role: "viewer" });
  curatorId = c.id;
  curator = { cookie: await signIn(c.email, c.password!) };
  viewer = { cookie: await signIn(v.email, v.password!) };
});

const runParams = () => ({ ws: ws.slug, run: run.runId });
const list = async (query: Record<string, string> = {}) => ZList.parse(await (await callRoute(itemsRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/items", params: runParams(), query, creds: viewer })).json());
const decide = (id: string, body: unknown, creds = curator) => callRoute(decisionRoute.POST, { method: "POST", path: "/api/w/[ws]/items/[id]/decision", params: { ws: ws.slug, id }, body, creds });

describe("review routes", () => {
  test("list, decide with versions, 409 with the current item, 400 on an edit outside the item", async () => {
    const all = await list();
    expect(all.items.length).toBe(run.itemIds.length);
    expect(all.counts.pending).toBe(all.items.length);
    expect((await list({ status: "accepted" })).items).toEqual([]);
    const bad = await callRoute(itemsRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/items", params: runParams(), query: { status: "maybe" }, creds: viewer });
    expect(bad.status).toBe(400);

    const plain = all.items.filter((i) => i.applyStatus === "applied" && i.op !== "create" && !run.conflictIds.includes(i.id));
    const [a, b] = plain;
    expect((await decide(a.id, { action: "accept", version: a.version }, viewer)).status).toBe(403);
    const ok = await decide(a.id, { action: "accept", version: a.version });
    expect(ok.status).toBe(200);
    expect(ZItem.parse((await ok.json()).item).status).toBe("accepted");

    const stale = await decide(a.id, { action: "reject", version: a.version, reason: "late" });
    expect(stale.status).toBe(409);
    const err = ZError.parse(await stale.json());
    expect(err.error.code).toBe("conflict:item_version");
    expect(ZItem.parse((err.error.details as { current: unknown }).current)).toMatchObject({ status: "accepted", version: a.version + 1 });

    expect((await decide(b.id, { action: "reject", version: b.version, reason: "" })).status).toBe(400);
    const outside = await decide(b.id, { action: "edit", version: b.version, file: "---\nname: changed\n---\n" });
    expect(outside.status).toBe(400);
    expect(ZError.parse(await outside.json()).error.code).toBe("invalid_input:edit");

    const detail = await (await callRoute(detailRoute.GET, { method: "GET", path: "/api/w/[ws]/items/[id]", params: { ws: ws.slug, id: b.id }, creds: viewer })).json();
    const line = (detail.item.edit.content as string).split("\n").find((l) => l.trim())!;
    const edited = await decide(b.id, { action: "edit", version: b.version, file: (detail.files.proposed as string).replace(line, "EDITED IN THE ROUTE TEST") });
    expect(edited.status).toBe(200);
    expect(ZItem.parse((await edited.json()).item).editedAfter).toContain("EDITED IN THE ROUTE TEST");

    const preview = await (await callRoute(previewRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/preview", params: runParams(), creds: viewer })).json();
    expect(Object.values(preview.files as Record<string, string>).join("\n")).toContain("EDITED IN THE ROUTE TEST");

    const audit = await (await callRoute(auditRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/audit", params: runParams(), query: { action: "item." }, creds: viewer })).json();
    expect(audit.events.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`)).toEqual([`item.edit ${b.id}`, `item.accept ${a.id}`]);
    const onlyA = await (await callRoute(auditRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/audit", params: runParams(), query: { item: a.id }, creds: viewer })).json();
    expect(onlyA.events).toHaveLength(1);
  });

  test("bulk applies to exactly the filtered items and refuses a changed list", async () => {
    const filter = { status: ["pending"], minSupport: 2 };
    const matching = (await list({ status: "pending", minSupport: "2" })).items;
    const bulk = (body: unknown) => callRoute(bulkRoute.POST, { method: "POST", path: "/api/w/[ws]/runs/[run]/items/bulk", params: runParams(), body, creds: curator });
    const changed = await bulk({ filter, action: "accept", expected: matching.length + 1 });
    expect(changed.status).toBe(409);
    expect(ZError.parse(await changed.json()).error.code).toBe("conflict:filter_changed");
    const res = await bulk({ filter, action: "accept", expected: matching.length });
    expect(res.status).toBe(200);
    expect((await res.json()).ids.sort()).toEqual(matching.map((i) => i.id).sort());
  });

  test("comments, assignment and choose-one", async () => {
    const id = run.conflictIds[0];
    const post = (body: unknown, creds = curator) => callRoute(commentsRoute.POST, { method: "POST", path: "/api/w/[ws]/items/[id]/comments", params: { ws: ws.slug, id }, body, creds });
    expect((await post({ body: "no" }, viewer)).status).toBe(403);
    const root = (await (await post({ body: "Why this wording?" })).json()).comment;
    expect((await post({ body: "Because of trace 3.", parentId: root.id })).status).toBe(201);
    const thread = await (await callRoute(commentsRoute.GET, { method: "GET", path: "/api/w/[ws]/items/[id]/comments", params: { ws: ws.slug, id }, creds: viewer })).json();
    expect(thread.comments.map((c: { parentId: string | null }) => c.parentId)).toEqual([null, root.id]);

    const before = (await list()).items.find((i) => i.id === id)!;
    const assign = await callRoute(assigneeRoute.PATCH, { method: "PATCH", path: "/api/w/[ws]/items/[id]/assignee", params: { ws: ws.slug, id }, body: { version: before.version, assigneeId: curatorId }, creds: curator });
    expect(assign.status).toBe(200);
    expect((await list({ assignee: curatorId })).items.map((i) => i.id)).toEqual([id]);

    const chosen = await callRoute(chooseRoute.POST, { method: "POST", path: "/api/w/[ws]/items/[id]/choose", params: { ws: ws.slug, id }, body: { version: before.version + 1 }, creds: curator });
    expect(chosen.status).toBe(200);
    const after = (await list()).items;
    expect(after.find((i) => i.id === run.conflictIds[0])!.status).toBe("accepted");
    expect(after.find((i) => i.id === run.conflictIds[1])!.status).toBe("rejected");
  });

  test("another workspace's items are not found", async () => {
    const other = await createTestWorkspace();
    const admin = await createTestUser({ workspace: other, role: "admin" });
    const res = await callRoute(detailRoute.GET, { method: "GET", path: "/api/w/[ws]/items/[id]", params: { ws: other.slug, id: run.itemIds[0] }, creds: { cookie: await signIn(admin.email, admin.password!) } });
    expect(res.status).toBe(404);
  });
});
