import { db } from "../db/client";
import { env, llmConfigured } from "../env";

// What the new-run form offers: pools with the outcome split of their evolve trajectories (the
// analysts only see those), skills with their published versions, and whether runs will call an
// LLM or the built-in rule-based analyst and merger.

export type TRunFormPool = { name: string; failure: number; success: number; unknown: number };
export type TRunFormSkill = { name: string; versions: string[]; latest: string | null };
export type TRunFormOptions = { pools: TRunFormPool[]; skills: TRunFormSkill[]; llm: { configured: boolean; model: string | null } };

export async function getRunFormOptions(workspaceId: string): Promise<TRunFormOptions> {
  const [pools, counts, skills] = await Promise.all([
    db().pool.findMany({ where: { workspaceId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db().trajectory.groupBy({ by: ["poolId", "outcome"], where: { pool: { workspaceId }, split: "evolve" }, _count: true }),
    db().skill.findMany({
      where: { workspaceId },
      orderBy: { name: "asc" },
      select: { name: true, versions: { orderBy: { publishedAt: "desc" }, select: { id: true, version: true } }, distTags: { where: { name: "latest" }, select: { versionId: true } } },
    }),
  ]);
  const n = (poolId: string, outcome: string) => counts.find((c) => c.poolId === poolId && c.outcome === outcome)?._count ?? 0;
  const e = env();
  return {
    pools: pools.map((p) => ({ name: p.name, failure: n(p.id, "failure"), success: n(p.id, "success"), unknown: n(p.id, "unknown") })),
    skills: skills
      .filter((s) => s.versions.length > 0)
      .map((s) => ({ name: s.name, versions: s.versions.map((v) => v.version), latest: s.versions.find((v) => v.id === s.distTags[0]?.versionId)?.version ?? s.versions[0]?.version ?? null })),
    llm: { configured: llmConfigured(e), model: llmConfigured(e) ? (e.T2S_MODEL_ANALYST ?? e.T2S_MODEL ?? null) : null },
  };
}
