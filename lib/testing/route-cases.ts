import type { TAccess } from "../http/route";
import { createInvitation } from "../workspaces/invitations";
import { storeFile } from "../pools/import/upload-store";
import { createUpload } from "../pools/uploads";
import { db } from "../db/client";
import { importSkill } from "../registry/import-skill";
import { createSkill } from "../registry/skills-store";
import { createTestApiKey, createTestPool, createTestTrajectory, createTestUser, setupPrincipal, type TTestWorkspace } from "./builders";
import { randomEmail, randomId, randomSlug } from "./ids";
import { LESSON_ROUTE_CASES } from "./route-cases-lessons";
import { REGISTRY_PUBLIC_ROUTES, REGISTRY_ROUTE_CASES } from "./route-cases-registry";
import { REVIEW_ROUTE_CASES } from "./route-cases-review";
import { INTEROP_ROUTE_CASES, PUBLISH_ROUTE_CASES } from "./route-cases-publish";
import { createRunBody, createTestRun } from "./runs";

// Every API route and method with its expected access rule and, for the allowed call, valid input
// and the success status. lib/http/authz.db.test.ts fails when a route exists that is missing
// here (or the other way round), so a new endpoint cannot ship without an authorization check.

export type TCaseInput = { params?: Record<string, string>; body?: unknown; query?: Record<string, string> };

export type TRouteCase = {
  access: TAccess;
  /** Status of an allowed call with the input from `prepare`. */
  ok?: number;
  /** Runs before each call, so calls that change data (delete, revoke) each get their own target. */
  prepare?: (ws: TTestWorkspace) => Promise<TCaseInput>;
};

const poolTarget = async (ws: TTestWorkspace) => (await createTestPool({ workspace: ws })).name;
const uploadTarget = async (ws: TTestWorkspace) => {
  const pool = await createTestPool({ workspace: ws });
  return (await createUpload(ws.id, pool.name, setupPrincipal(ws), {})).id;
};

const trajectoryTarget = async (ws: TTestWorkspace) => {
  const t = await createTestTrajectory({ pool: await createTestPool({ workspace: ws }) });
  await db().stepChunk.create({ data: { trajectoryId: t.id, chunk: 0, firstIndex: 0, stepCount: 1, steps: [{ index: 0, role: "user", kind: "message", text: "hello" }] } });
  return t.id;
};

const labelTarget = async (ws: TTestWorkspace) => {
  const pool = await createTestPool({ workspace: ws });
  return { pool: pool.name, trajectory: (await createTestTrajectory({ pool })).id };
};

const skillTarget = async (ws: TTestWorkspace) => (await createSkill(ws.id, setupPrincipal(ws), { name: randomSlug("skill"), description: "Authz test skill." })).skill.name;
/** A skill whose version holds a binary file, assets/logo.png. */
const binarySkillTarget = async (ws: TTestWorkspace) => {
  const name = randomSlug("binary");
  const md = `---\nname: ${name}\ndescription: Has a logo.\n---\n\n# Logo\n\nBody.\n`;
  const entries = [{ path: "SKILL.md", data: md }, { path: "assets/logo.png", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }];
  return (await importSkill(ws.id, setupPrincipal(ws), "curator", { kind: "folder", entries })).skill.name;
};

const importBody = () => ({ files: [{ path: "SKILL.md", content: `---\nname: ${randomSlug("imported")}\ndescription: Imported in the authz test.\n---\n\n# Imported\n\nBody.\n` }] });

const memberTarget = async (ws: TTestWorkspace) => {
  const user = await createTestUser({ workspace: ws, role: "viewer", password: false });
  return user.memberId!;
};

export const ROUTE_CASES: Record<string, TRouteCase> = {
  ...LESSON_ROUTE_CASES,
  ...REGISTRY_ROUTE_CASES,
  ...REVIEW_ROUTE_CASES,
  ...PUBLISH_ROUTE_CASES,
  ...INTEROP_ROUTE_CASES,
  "GET /api/auth/[...all]": { access: "public" },
  "POST /api/auth/[...all]": { access: "public" },
  "GET /api/health": { access: "public" },
  "GET /api/invitations": { access: "public" },
  "POST /api/invitations": { access: "public" },

  "GET /api/me": { access: "signed_in", ok: 200 },
  "GET /api/workspaces": { access: "signed_in", ok: 200 },
  "POST /api/workspaces": { access: "signed_in", ok: 201, prepare: async () => ({ body: { name: "Authz workspace", slug: randomSlug() } }) },

  "GET /api/w/[ws]": { access: "viewer", ok: 200 },
  "GET /api/w/[ws]/members": { access: "viewer", ok: 200 },
  "GET /api/w/[ws]/pools": { access: "viewer", ok: 200 },
  "GET /api/w/[ws]/runs": { access: "viewer", ok: 200 },
  "POST /api/w/[ws]/runs": { access: "curator", ok: 201, prepare: async (ws) => ({ body: await createRunBody(ws) }) },
  "GET /api/w/[ws]/runs/[run]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws })).id } }) },
  "GET /api/w/[ws]/runs/[run]/progress": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws, status: "running" })).id } }) },
  // A finished run: the stream sends its one progress event and ends.
  "GET /api/w/[ws]/runs/[run]/events": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws })).id } }) },
  "GET /api/w/[ws]/runs/[run]/merge-tree": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws })).id } }) },
  "GET /api/w/[ws]/runs/[run]/failures": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws, failed: 1 })).id }, query: { limit: "10" } }) },
  "POST /api/w/[ws]/runs/[run]/cancel": { access: "curator", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws, status: "queued" })).id } }) },
  "POST /api/w/[ws]/runs/[run]/retry": { access: "curator", ok: 200, prepare: async (ws) => ({ params: { run: (await createTestRun({ workspace: ws, status: "failed", failed: 1 })).id } }) },
  "GET /api/w/[ws]/skills": { access: "viewer", ok: 200 },
  "POST /api/w/[ws]/skills": { access: "curator", ok: 201, prepare: async () => ({ body: { name: randomSlug("skill"), description: "Created in the authz test." } }) },
  "POST /api/w/[ws]/skills/import": { access: "curator", ok: 201, prepare: async () => ({ body: importBody() }) },
  "GET /api/w/[ws]/skills/[name]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { name: await skillTarget(ws) } }) },
  "GET /api/w/[ws]/skills/[name]/versions/[version]/files": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { name: await skillTarget(ws), version: "0.1.0" } }) },
  "GET /api/w/[ws]/skills/[name]/versions/[version]/raw": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { name: await binarySkillTarget(ws), version: "1.0.0" }, query: { path: "assets/logo.png" } }) },
  "GET /api/w/[ws]/skills/[name]/versions/[version]/lint": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { name: await skillTarget(ws), version: "latest" } }) },
  "POST /api/w/[ws]/pools": { access: "curator", ok: 201, prepare: async () => ({ body: { name: randomId("pool") } }) },
  "GET /api/w/[ws]/formats": { access: "viewer", ok: 200 },
  "GET /api/w/[ws]/trajectories/[id]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await trajectoryTarget(ws) } }) },
  "GET /api/w/[ws]/trajectories/[id]/steps": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await trajectoryTarget(ws) }, query: { from: "0", limit: "50" } }) },
  "GET /api/w/[ws]/trajectories/[id]/steps/[index]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await trajectoryTarget(ws), index: "0" } }) },
  "GET /api/w/[ws]/trajectories/[id]/outline": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await trajectoryTarget(ws) } }) },
  "GET /api/w/[ws]/trajectories/[id]/search": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await trajectoryTarget(ws) }, query: { q: "hell" } }) },
  "GET /api/w/[ws]/trajectories/[id]/download": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { id: await trajectoryTarget(ws) }, query: { what: "normalized" } }) },
  "GET /api/w/[ws]/pools/[pool]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { pool: await poolTarget(ws) } }) },
  "GET /api/w/[ws]/pools/[pool]/trajectories": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { pool: await poolTarget(ws) }, query: { outcome: "failure", q: "error" } }) },
  "GET /api/w/[ws]/pools/[pool]/uploads": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { pool: await poolTarget(ws) } }) },
  "POST /api/w/[ws]/pools/[pool]/uploads": { access: "curator", ok: 201, prepare: async (ws) => ({ params: { pool: await poolTarget(ws) }, body: {} }) },
  "POST /api/w/[ws]/uploads/[upload]/complete": {
    access: "curator",
    ok: 200,
    prepare: async (ws) => {
      const upload = await uploadTarget(ws);
      await storeFile(upload, "run/trace.jsonl", [Buffer.from('{"schema":"t2s.trajectory.v1"}\n')]);
      return { params: { upload } };
    },
  },
  "GET /api/w/[ws]/uploads/[upload]": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { upload: await uploadTarget(ws) } }) },
  "PUT /api/w/[ws]/uploads/[upload]/files": {
    access: "curator",
    ok: 201,
    prepare: async (ws) => ({ params: { upload: await uploadTarget(ws) }, query: { name: "run/trace.jsonl" }, body: { schema: "t2s.trajectory.v1" } }),
  },
  "PATCH /api/w/[ws]/trajectories/[id]/label": { access: "curator", ok: 200, prepare: async (ws) => ({ params: { id: (await labelTarget(ws)).trajectory }, body: { outcome: "success", reward: 1 } }) },
  "POST /api/w/[ws]/pools/[pool]/labels/bulk": { access: "curator", ok: 200, prepare: async (ws) => ({ params: { pool: (await labelTarget(ws)).pool }, body: { filter: { outcome: "unknown" }, outcome: "failure" } }) },
  "POST /api/w/[ws]/pools/[pool]/labels/file": {
    access: "curator",
    ok: 200,
    prepare: async (ws) => {
      const t = await labelTarget(ws);
      return { params: { pool: t.pool }, body: [{ id: t.trajectory, outcome: "failure", reward: 0 }] };
    },
  },
  "GET /api/w/[ws]/pools/[pool]/split": { access: "viewer", ok: 200, prepare: async (ws) => ({ params: { pool: await poolTarget(ws) }, query: { ratio: "0.2" } }) },
  "PUT /api/w/[ws]/pools/[pool]/split": { access: "curator", ok: 200, prepare: async (ws) => ({ params: { pool: (await labelTarget(ws)).pool }, body: { ratio: 0.25 } }) },

  "POST /api/w/[ws]/members": {
    access: "admin",
    ok: 201,
    prepare: async () => ({ body: { email: (await createTestUser({ password: false })).email, role: "viewer" } }),
  },
  "PATCH /api/w/[ws]/members/[memberId]": { access: "admin", ok: 200, prepare: async (ws) => ({ params: { memberId: await memberTarget(ws) }, body: { role: "curator" } }) },
  "DELETE /api/w/[ws]/members/[memberId]": { access: "admin", ok: 204, prepare: async (ws) => ({ params: { memberId: await memberTarget(ws) } }) },
  "GET /api/w/[ws]/api-keys": { access: "admin", ok: 200 },
  "POST /api/w/[ws]/api-keys": { access: "admin", ok: 201, prepare: async () => ({ body: { name: randomId("ci"), role: "viewer" } }) },
  "DELETE /api/w/[ws]/api-keys/[keyId]": { access: "admin", ok: 200, prepare: async (ws) => ({ params: { keyId: (await createTestApiKey({ workspace: ws, role: "viewer" })).id } }) },
  "GET /api/w/[ws]/audit": { access: "admin", ok: 200 },
  "GET /api/w/[ws]/invitations": { access: "admin", ok: 200 },
  "POST /api/w/[ws]/invitations": { access: "admin", ok: 201, prepare: async () => ({ body: { email: randomEmail("invitee"), role: "viewer" } }) },
  "DELETE /api/w/[ws]/invitations/[invitationId]": {
    access: "admin",
    ok: 204,
    prepare: async (ws) => {
      const { invitation } = await createInvitation(ws.id, setupPrincipal(ws), { email: randomEmail("invitee"), role: "viewer" });
      return { params: { invitationId: invitation.id } };
    },
  },
};

/** The routes anyone may call; each guards itself (better-auth, a link token) or reveals nothing. */
export const PUBLIC_ROUTES = ["GET /api/auth/[...all]", "POST /api/auth/[...all]", "GET /api/health", "GET /api/invitations", "POST /api/invitations", ...REGISTRY_PUBLIC_ROUTES];
