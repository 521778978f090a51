import { strToU8, zipSync } from "fflate";
import { db } from "../db/client";
import type { TRouteCase } from "./route-cases";
import { driveTestRun, setupDistillPool } from "./driven-run";
import type { TTestWorkspace } from "./builders";

// Route cases that need a finished, reviewed run (a small rule-based run driven in-process, its
// items accepted), kept apart from route-cases.ts so that file stays readable.

async function reviewedRun(ws: TTestWorkspace): Promise<string> {
  const { pool } = await setupDistillPool(16, ws);
  const runId = await driveTestRun(ws, pool);
  const accepted = await db().proposalItem.updateMany({ where: { runId, applyStatus: "applied", lowSupport: false }, data: { status: "accepted" } });
  if (!accepted.count) throw new Error(`test setup: run ${runId} proposed no applicable item`);
  await db().proposalItem.updateMany({ where: { runId, status: "pending" }, data: { status: "rejected", rejectReason: "authz test" } });
  return runId;
}

export const PUBLISH_ROUTE_CASES: Record<string, TRouteCase> = {
  "GET /api/w/[ws]/runs/[run]/publish": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: await reviewedRun(ws) } }) },
  "POST /api/w/[ws]/runs/[run]/publish": { access: "publisher", ok: 201, prepare: async (ws) => ({ params: { run: await reviewedRun(ws) }, body: { bump: "minor" } }) },
};

async function officialZip(ws: TTestWorkspace): Promise<{ pool: string; body: Uint8Array }> {
  const { pool } = await setupDistillPool(4, ws);
  const final = { reasoning: "r", edits: [{ file: "SKILL.md", op: "append_to_section", target_section: "## Workflow", content: "- Check the output." }], changelog_entries: [] };
  return { pool: pool.name, body: zipSync({ "out/final_patch.json": strToU8(JSON.stringify(final)) }) };
}

export const INTEROP_ROUTE_CASES: Record<string, TRouteCase> = {
  "GET /api/w/[ws]/runs/[run]/export": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: await driveTestRun(ws, (await setupDistillPool(4, ws)).pool) } }) },
  "POST /api/w/[ws]/runs/import-official": {
    access: "curator",
    ok: 201,
    prepare: async (ws) => {
      const { pool, body } = await officialZip(ws);
      return { query: { pool, skill: "xlsx" }, body };
    },
  },
};
