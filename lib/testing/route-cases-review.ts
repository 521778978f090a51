import { db } from "../db/client";
import type { TTestWorkspace } from "./builders";
import { createReviewRun, type TReviewRun } from "./review-run";
import type { TRouteCase } from "./route-cases";
import { createTestRun } from "./runs";

// The review screen's routes for the authorization matrix (spread into ROUTE_CASES). One driven run
// per workspace; writes read the item's current version on every call, so each allowed call is a
// valid (non-stale) decision.

const runs = new Map<string, Promise<TReviewRun>>();
const reviewRun = (ws: TTestWorkspace) => {
  if (!runs.has(ws.id)) runs.set(ws.id, createReviewRun(ws));
  return runs.get(ws.id)!;
};
const current = async (id: string) => (await db().proposalItem.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const item = async (ws: TTestWorkspace, n: number) => (await reviewRun(ws)).itemIds[n];

export const REVIEW_ROUTE_CASES: Record<string, TRouteCase> = {
  "GET /api/w/[ws]/runs/[run]/items": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await reviewRun(ws)).runId }, query: { status: "pending,accepted", minSupport: "1" } }) },
  "POST /api/w/[ws]/runs/[run]/items/bulk": { access: "curator", ok: 200, prepare: async (ws) => ({ params: { run: (await reviewRun(ws)).runId }, body: { filter: { minSupport: 1000 }, action: "accept", expected: 0 } }) },
  "GET /api/w/[ws]/runs/[run]/preview": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await reviewRun(ws)).runId } }) },
  "GET /api/w/[ws]/runs/[run]/audit": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await reviewRun(ws)).runId }, query: { action: "item." } }) },
  // Each call gets its own finished run: a re-merge leaves the run queued.
  "POST /api/w/[ws]/runs/[run]/remerge": { access: "curator", ok: 202, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws })).id } }) },
  "GET /api/w/[ws]/items/[id]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await item(ws, 0) } }) },
  "POST /api/w/[ws]/items/[id]/decision": {
    access: "curator",
    ok: 200,
    prepare: async (ws) => {
      const id = await item(ws, 1);
      return { params: { id }, body: { action: "accept", version: await current(id) } };
    },
  },
  "POST /api/w/[ws]/items/[id]/choose": {
    access: "curator",
    ok: 200,
    prepare: async (ws) => {
      const id = (await reviewRun(ws)).conflictIds[0];
      return { params: { id }, body: { version: await current(id) } };
    },
  },
  "PATCH /api/w/[ws]/items/[id]/assignee": {
    access: "curator",
    ok: 200,
    prepare: async (ws) => {
      const id = await item(ws, 2);
      return { params: { id }, body: { version: await current(id), assigneeId: null } };
    },
  },
  "GET /api/w/[ws]/items/[id]/comments": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await item(ws, 0) } }) },
  "POST /api/w/[ws]/items/[id]/comments": { access: "curator", ok: 201, prepare: async (ws) => ({ params: { id: await item(ws, 0) }, body: { body: "Looks right to me." } }) },
};
