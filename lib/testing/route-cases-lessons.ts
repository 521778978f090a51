import type { TRouteCase } from "./route-cases";
import type { TTestWorkspace } from "./builders";
import { db } from "../db/client";
import { createTestLessonRun, type TLessonRun } from "./lesson-run";

// The lessons screen's, LLM calls' and prompts' routes for the authorization matrix (spread into
// ROUTE_CASES). Reads share one run per workspace; the PATCH reads the lesson's current version each
// call, so every allowed call is a valid (non-stale) write.

const runs = new Map<string, Promise<TLessonRun>>();
const lessonRun = (ws: TTestWorkspace) => {
  if (!runs.has(ws.id)) runs.set(ws.id, createTestLessonRun(ws));
  return runs.get(ws.id)!;
};

export const LESSON_ROUTE_CASES: Record<string, TRouteCase> = {
  "GET /api/w/[ws]/runs/[run]/lessons": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await lessonRun(ws)).runId }, query: { outcome: "failure", kind: "failure_cause" } }) },
  "GET /api/w/[ws]/runs/[run]/lessons/[trajectory]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await lessonRun(ws)).runId, trajectory: (await lessonRun(ws)).failed } }) },
  "GET /api/w/[ws]/runs/[run]/lessons/[trajectory]/steps/[step]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await lessonRun(ws)).runId, trajectory: (await lessonRun(ws)).failed, step: "4" } }) },
  "PATCH /api/w/[ws]/lessons/[id]": {
    access: "curator",
    ok: 200,
    prepare: async (ws) => {
      const id = (await lessonRun(ws)).lessonIds[2];
      const l = await db().lesson.findUniqueOrThrow({ where: { id } });
      return { params: { id }, body: { version: l.version, taskSpecific: !l.taskSpecific } };
    },
  },
  "GET /api/w/[ws]/runs/[run]/calls": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await lessonRun(ws)).runId }, query: { role: "analyst" } }) },
  "GET /api/w/[ws]/runs/[run]/calls/[call]": {
    access: "viewer",
    ok: 200,
    prepare: async (ws) => {
      const { runId } = await lessonRun(ws);
      const call = await db().llmCall.findFirstOrThrow({ where: { runId } });
      return { params: { run: runId, call: call.id } };
    },
  },
  "GET /api/w/[ws]/prompts": { access: "viewer", ok: 200, prepare: async (ws) => ({ query: { run: (await lessonRun(ws)).runId } }) },
};
