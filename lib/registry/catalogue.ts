import { db } from "../db/client";

export type TCatalogueEntry = { name: string; description: string; latest: string | null; publishedAt: string | null; versions: number; downloads: number; tags: string[] };

/** Published skills of a workspace: those with at least one version. */
export async function listCatalogue(workspaceId: string): Promise<TCatalogueEntry[]> {
  const skills = await db().skill.findMany({
    where: { workspaceId, versions: { some: {} } },
    orderBy: { name: "asc" },
    include: {
      distTags: { include: { version: { select: { version: true, publishedAt: true } } } },
      versions: { select: { downloadCount: true } },
    },
  });
  return skills.map((s) => {
    const latest = s.distTags.find((t) => t.name === "latest")?.version;
    return {
      name: s.name,
      description: s.description,
      latest: latest?.version ?? null,
      publishedAt: latest?.publishedAt.toISOString() ?? null,
      versions: s.versions.length,
      downloads: s.versions.reduce((n, v) => n + v.downloadCount, 0),
      tags: s.distTags.map((t) => `${t.name}→${t.version.version}`),
    };
  });
}
