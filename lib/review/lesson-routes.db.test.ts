import { beforeAll, describe, expect, test } from "vitest";
import { createTestUser, createTestWorkspace, type TTestWorkspace } from "../testing/builders";
import { callRoute, signIn, type TCredentials } from "../testing/http";
import { createTestLessonRun, type TLessonRun } from "../testing/lesson-run";
import * as lessonRoute from "../../app/api/w/[ws]/lessons/[id]/route";
import * as listRoute from "../../app/api/w/[ws]/runs/[run]/lessons/route";
import * as stepRoute from "../../app/api/w/[ws]/runs/[run]/lessons/[trajectory]/steps/[step]/route";
import * as callsRoute from "../../app/api/w/[ws]/runs/[run]/calls/route";
import * as callRouteMod from "../../app/api/w/[ws]/runs/[run]/calls/[call]/route";
import * as promptsRoute from "../../app/api/w/[ws]/prompts/route";
import { ZLessonView, ZStepLessons, ZTrajectoryPage } from "./lesson-schemas";
import { ZCallDetail, ZCallPage } from "./llm-calls";
import { ZPromptCatalog } from "./prompt-catalog";

// The lessons, calls and prompts routes over HTTP: responses parse with their schemas, the 409 body
// carries the current lesson, and viewers read but cannot decide.

let ws: TTestWorkspace;
let run: TLessonRun;
let curator: TCredentials;
let viewer: TCredentials;

beforeAll(async () => {
  ws = await createTestWorkspace();
  run = await createTestLessonRun(ws);
  const c = await createTestUser({ workspace: ws, role: "curator" });
  const v = await createTestUser({ workspace: ws, role: "viewer" });
  curator = { cookie: await signIn(c.email, c.password!) };
  viewer = { cookie: await signIn(v.email, v.password!) };
});

const patch = (id: string, body: unknown, creds: TCredentials) => callRoute(lessonRoute.PATCH, { method: "PATCH", path: "/api/w/[ws]/lessons/[id]", params: { ws: ws.slug, id }, body, creds });

describe("lesson routes", () => {
  test("list with filters from the query string", async () => {
    const res = await callRoute(listRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/lessons", params: { ws: ws.slug, run: run.runId }, query: { status: "failed" }, creds: viewer });
    expect(res.status).toBe(200);
    const page = ZTrajectoryPage.parse(await res.json());
    expect(page.trajectories.map((t) => t.trajectoryId)).toEqual([run.broken]);
    const bad = await callRoute(listRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/lessons", params: { ws: ws.slug, run: run.runId }, query: { kind: "nonsense" }, creds: viewer });
    expect(bad.status).toBe(400);
  });

  test("by step", async () => {
    const res = await callRoute(stepRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/lessons/[trajectory]/steps/[step]", params: { ws: ws.slug, run: run.runId, trajectory: run.failed, step: "7" }, creds: viewer });
    expect(ZStepLessons.parse(await res.json()).lessons.map((l) => l.id)).toEqual([run.lessonIds[1]]);
  });

  test("PATCH: a viewer is refused, a curator edits, a stale version gets 409 with the current lesson", async () => {
    const id = run.lessonIds[0];
    expect((await patch(id, { version: 1, title: "Viewer title" }, viewer)).status).toBe(403);
    const ok = await patch(id, { version: 1, title: "Curated title" }, curator);
    expect(ok.status).toBe(200);
    expect(ZLessonView.parse(((await ok.json()) as { lesson: unknown }).lesson)).toMatchObject({ title: "Curated title", version: 2, status: "edited" });
    const stale = await patch(id, { version: 1, title: "Stale title" }, curator);
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { error: { code: string; details: { current: unknown } } };
    expect(body.error.code).toBe("conflict:lesson");
    expect(ZLessonView.parse(body.error.details.current)).toMatchObject({ title: "Curated title", version: 2 });
    expect((await patch(id, { version: 2, rejectReason: "why" }, curator)).status).toBe(400);
  });
});

describe("calls and prompts routes", () => {
  test("calls are paged and filtered; one call carries its messages and response as text", async () => {
    const list = async (query: Record<string, string>) =>
      ZCallPage.parse(await (await callRoute(callsRoute.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/calls", params: { ws: ws.slug, run: run.runId }, query, creds: viewer })).json());
    const all = await list({});
    expect(all.calls.map((c) => c.role).sort()).toEqual(["analyst", "merger"]);
    expect(all.roles).toEqual(["analyst", "merger"]);
    expect((await list({ error: "only" })).calls.map((c) => c.role)).toEqual(["merger"]);
    expect((await list({ stepKey: "merge:" })).calls).toHaveLength(1);
    const first = await list({ limit: "1" });
    expect(first.nextCursor).not.toBeNull();
    const rest = await list({ limit: "1", cursor: first.nextCursor! });
    expect(rest.calls[0].id).not.toBe(first.calls[0].id);

    const analyst = all.calls.find((c) => c.role === "analyst")!;
    const res = await callRoute(callRouteMod.GET, { method: "GET", path: "/api/w/[ws]/runs/[run]/calls/[call]", params: { ws: ws.slug, run: run.runId, call: analyst.id }, creds: viewer });
    const detail = ZCallDetail.parse(((await res.json()) as { call: unknown }).call);
    expect(detail.messages[0]).toEqual({ role: "system", content: "You analyse <b>traces</b>." });
    expect(detail.response).toBe('{"failure_causes":[]}');
  });

  test("prompts: every template with its text, and the versions a run recorded", async () => {
    const res = await callRoute(promptsRoute.GET, { method: "GET", path: "/api/w/[ws]/prompts", params: { ws: ws.slug }, query: { run: run.runId }, creds: viewer });
    const catalog = ZPromptCatalog.parse(await res.json());
    const analyst = catalog.prompts.find((p) => p.name === "error-analyst" && p.version === "v1")!;
    expect(analyst.system.length).toBeGreaterThan(20);
    expect(analyst.usedByRun).toBe("changed");
    expect(catalog.run?.versions).toEqual({ "error-analyst": "v1" });
    expect(catalog.prompts.find((p) => p.name === "merge")?.usedByRun).toBeNull();
  });
});
