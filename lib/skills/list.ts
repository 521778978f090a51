import { db } from "../db/client";

export type TSkillSummary = {
  id: string;
  name: string;
  description: string;
  latestVersion: string | null;
  versionCount: number;
  openProposals: number;
  updatedAt: string;
};

export async function listSkills(workspaceId: string): Promise<TSkillSummary[]> {
  const skills = await db().skill.findMany({
    where: { workspaceId },
    orderBy: { name: "asc" },
    include: {
      distTags: { where: { name: "latest" }, include: { version: { select: { version: true } } } },
      _count: { select: { versions: true, runs: { where: { status: "succeeded" } } } },
    },
  });
  return skills.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    latestVersion: s.distTags[0]?.version.version ?? null,
    versionCount: s._count.versions,
    openProposals: s._count.runs,
    updatedAt: s.updatedAt.toISOString(),
  }));
}
