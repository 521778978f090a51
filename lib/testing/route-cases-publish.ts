import { db } from "../db/client";
import type { TRouteCase } from "./route-cases";
import { driveTestRun, setupDistillPool } from "./driven-run";
import type { TTestWorkspace } from "./builders";

// Route cases that need a finished, reviewed run (a small rule-based run driven in-process, its
// items accepted), kept apart from route-cases.ts so that file stays readable.

async function reviewedRun(ws: TTestWorkspace): Promise<string> {
  const { pool } = await setupDistillPool(8, ws);
  const runId = await driveTestRun(ws, pool);
  await db().proposalItem.updateMany({ where: { runId, applyStatus: "applied" }, data: { status: "accepted" } });
  await db().proposalItem.updateMany({ where: { runId, status: "pending" }, data: { status: "rejected", rejectReason: "authz test" } });
  return runId;
}

export const PUBLISH_ROUTE_CASES: Record<string, TRouteCase> = {
  "GET /api/w/[ws]/runs/[run]/publish": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: await reviewedRun(ws) } }) },
  "POST /api/w/[ws]/runs/[run]/publish": { access: "publisher", ok: 201, prepare: async (ws) => ({ params: { run: await reviewedRun(ws) }, body: { bump: "minor" } }) },
};
