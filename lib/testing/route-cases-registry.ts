import { db } from "../db/client";
import { createSkill } from "../registry/skills-store";
import { setupPrincipal, type TTestWorkspace } from "./builders";
import { randomSlug } from "./ids";
import type { TRouteCase } from "./route-cases";

// Authorization cases of the registry: dist-tags and deprecation (workspace roles) and the pull API
// (access "registry": in the matrix's private workspace it behaves as a viewer route; public
// workspaces are covered by lib/registry/pull-api.db.test.ts).

async function publishedSkill(ws: TTestWorkspace): Promise<{ id: string; name: string; versionId: string }> {
  const { skill } = await createSkill(ws.id, setupPrincipal(ws), { name: randomSlug("skill"), description: "Registry authz test skill." });
  const version = await db().skillVersion.findFirstOrThrow({ where: { skillId: skill.id }, select: { id: true } });
  return { id: skill.id, name: skill.name, versionId: version.id };
}

async function taggedSkill(ws: TTestWorkspace): Promise<{ name: string; tag: string }> {
  const s = await publishedSkill(ws);
  const tag = randomSlug("stable");
  await db().distTag.create({ data: { skillId: s.id, name: tag, versionId: s.versionId } });
  return { name: s.name, tag };
}

const skillParams = async (ws: TTestWorkspace) => ({ params: { name: (await publishedSkill(ws)).name } });
const versionParams = async (ws: TTestWorkspace) => ({ params: { name: (await publishedSkill(ws)).name, version: "0.1.0" } });
const refParams = (ref: string) => async (ws: TTestWorkspace) => ({ params: { name: (await publishedSkill(ws)).name, ref } });

export const REGISTRY_ROUTE_CASES: Record<string, TRouteCase> = {
  "GET /api/w/[ws]/skills/[name]/tags": { access: "viewer", ok: 200, prepare: skillParams },
  "PUT /api/w/[ws]/skills/[name]/tags/[tag]": { access: "publisher", ok: 200, prepare: async (ws) => ({ params: { name: (await publishedSkill(ws)).name, tag: "stable" }, body: { version: "0.1.0" } }) },
  "DELETE /api/w/[ws]/skills/[name]/tags/[tag]": { access: "publisher", ok: 204, prepare: async (ws) => ({ params: await taggedSkill(ws) }) },
  "PUT /api/w/[ws]/skills/[name]/tags/[tag]/protection": { access: "admin", ok: 200, prepare: async (ws) => ({ params: await taggedSkill(ws), body: { protected: true } }) },
  "PUT /api/w/[ws]/skills/[name]/versions/[version]/deprecate": { access: "publisher", ok: 200, prepare: async (ws) => ({ ...(await versionParams(ws)), body: { message: "Use 0.2.0." } }) },
  "DELETE /api/w/[ws]/skills/[name]/versions/[version]/deprecate": { access: "publisher", ok: 200, prepare: versionParams },
  "GET /api/w/[ws]/skills/[name]/versions/[version]/provenance": { access: "viewer", ok: 200, prepare: async (ws) => ({ ...(await versionParams(ws)), query: { file: "SKILL.md", line: "1" } }) },
  "GET /api/registry/openapi.json": { access: "public" },
  "GET /api/registry/[ws]/skills": { access: "registry", ok: 200 },
  "GET /api/registry/[ws]/skills/[name]": { access: "registry", ok: 200, prepare: skillParams },
  "GET /api/registry/[ws]/skills/[name]/[ref]": { access: "registry", ok: 200, prepare: refParams("latest") },
  "GET /api/registry/[ws]/skills/[name]/[ref]/archive.zip": { access: "registry", ok: 200, prepare: refParams("0.1.0") },
};

export const REGISTRY_PUBLIC_ROUTES = ["GET /api/registry/openapi.json"];
