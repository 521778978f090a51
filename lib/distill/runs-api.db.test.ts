import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl } from "../env";
import { createTestUser, createTestWorkspace, type TTestWorkspace } from "../testing/builders";
import { callRoute, credentialHeaders, signIn, type TCredentials } from "../testing/http";
import { discoverRoutes, type TDiscoveredRoute } from "../testing/routes";
import { createRunBody, createTestRun } from "../testing/runs";
import { driveRun } from "./drive-run";
import { ZRunDetail } from "./run-detail";
import { ZRunProgress, type TRunProgress } from "./run-progress";

// The runs API through its real handlers: create (queued through pg-boss), detail, progress, the
// SSE stream read event by event while the run is driven, abort, cancel, retry, failures.

const routes = new Map<string, TDiscoveredRoute>();
let ws: TTestWorkspace;
let curator: TCredentials;

beforeAll(async () => {
  for (const r of await discoverRoutes()) routes.set(r.key, r);
  ws = await createTestWorkspace();
  const user = await createTestUser({ workspace: ws, role: "curator" });
  curator = { cookie: await signIn(user.email, user.password!) };
});

function call(key: string, opts: { run?: string; body?: unknown; query?: Record<string, string> } = {}): Promise<Response> {
  const r = routes.get(key)!;
  return callRoute(r.handler, { method: r.method, path: r.pattern, params: { ws: ws.slug, ...(opts.run ? { run: opts.run } : {}) }, body: opts.body, query: opts.query, creds: curator });
}

function openEvents(run: string, signal?: AbortSignal): Promise<Response> {
  const req = new Request(new URL(`/api/w/${ws.slug}/runs/${run}/events`, baseUrl()), { headers: credentialHeaders(curator), signal });
  return routes.get("GET /api/w/[ws]/runs/[run]/events")!.handler(req, { params: Promise.resolve({ ws: ws.slug, run }) });
}

/** Reads SSE frames; returns the progress events until the stream ends or `until` says stop. */
async function readEvents(res: Response, until: (events: TRunProgress[]) => boolean = () => false): Promise<{ events: TRunProgress[]; ended: boolean; comments: string[] }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: TRunProgress[] = [];
  const comments: string[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { events, ended: true, comments };
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (frame.startsWith(":")) comments.push(frame);
      const data = /^event: progress\ndata: (.*)$/m.exec(frame)?.[1];
      if (data) events.push(ZRunProgress.parse(JSON.parse(data)));
    }
    if (until(events)) {
      await reader.cancel();
      return { events, ended: false, comments };
    }
  }
}

describe("runs API", () => {
  it("creates a run, queues it, and streams its progress until it has finished", async () => {
    const created = await call("POST /api/w/[ws]/runs", { body: await createRunBody(ws) });
    expect(created.status, await created.clone().text()).toBe(201);
    const { run } = (await created.json()) as { run: { id: string; trajectories: number } };
    expect(run.trajectories).toBe(1);

    const detail = ZRunDetail.parse(((await (await call("GET /api/w/[ws]/runs/[run]", { run: run.id })).json()) as { run: unknown }).run);
    expect(detail).toMatchObject({ status: "queued", base: { kind: "create" }, models: { kind: "rule-based" } });
    const progress = ZRunProgress.parse(((await (await call("GET /api/w/[ws]/runs/[run]/progress", { run: run.id })).json()) as { progress: unknown }).progress);
    expect(progress).toMatchObject({ status: "queued", analyse: { total: 1, pending: 1 } });

    const res = await openEvents(run.id);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reading = readEvents(res);
    // Let the stream send the queued state, then drive the run (the test stands in for the worker).
    await new Promise((r) => setTimeout(r, 300));
    await driveRun(run.id, { llm: null, maskSecrets: true });
    const { events, ended } = await reading;
    expect(ended).toBe(true);
    expect(events[0]!.status).toBe("queued");
    expect(events.at(-1)).toMatchObject({ status: "succeeded", finished: true, apply: { done: true } });
    // Only changes are sent.
    for (let i = 1; i < events.length; i++) expect(JSON.stringify(events[i])).not.toBe(JSON.stringify(events[i - 1]));

    // The test trajectory has no steps, so nothing was mapped: the tree is empty, not an error.
    const tree = await call("GET /api/w/[ws]/runs/[run]/merge-tree", { run: run.id });
    expect(await tree.json()).toEqual({ tree: { levels: [], finalId: null } });
  });

  it("stops the stream when the client goes away", async () => {
    const { id } = await createTestRun({ workspace: ws, status: "running" });
    const abort = new AbortController();
    const res = await openEvents(id, abort.signal);
    const reading = readEvents(res);
    await new Promise((r) => setTimeout(r, 200));
    abort.abort();
    const { events, ended } = await reading;
    expect(ended).toBe(true);
    expect(events).toHaveLength(1);
  });

  it("cancels, lists failures, retries; answers 404 for another workspace's run and 409 when not allowed", async () => {
    const queued = await createTestRun({ workspace: ws, status: "queued" });
    const cancelled = await call("POST /api/w/[ws]/runs/[run]/cancel", { run: queued.id });
    expect(await cancelled.json()).toEqual({ status: "cancelled" });
    expect((await call("POST /api/w/[ws]/runs/[run]/cancel", { run: queued.id })).status).toBe(409);
    expect((await call("POST /api/w/[ws]/runs/[run]/retry", { run: (await createTestRun({ workspace: ws, status: "running" })).id })).status).toBe(409);

    const failed = await createTestRun({ workspace: ws, status: "failed", trajectories: 3, failed: 2 });
    const page = (await (await call("GET /api/w/[ws]/runs/[run]/failures", { run: failed.id, query: { limit: "1" } })).json()) as { items: { reason: string }[]; total: number; nextOffset: number | null };
    expect(page).toMatchObject({ total: 2, nextOffset: 1, items: [{ reason: "refusal" }] });
    const retried = await call("POST /api/w/[ws]/runs/[run]/retry", { run: failed.id });
    expect(await retried.json()).toMatchObject({ analyses: 2 });
    expect(((await (await call("GET /api/w/[ws]/runs/[run]/progress", { run: failed.id })).json()) as { progress: TRunProgress }).progress).toMatchObject({ status: "queued", analyse: { pending: 2, failed: 0 } });

    const foreign = await createTestRun({ workspace: await createTestWorkspace() });
    expect((await call("GET /api/w/[ws]/runs/[run]", { run: foreign.id })).status).toBe(404);
    expect((await openEvents(foreign.id)).status).toBe(404);
  });
});
