import { z } from "zod";
import { db } from "../db/client";
import { findSkill, resolveVersion } from "./skills-store";

// The drill-down behind a published line: the proposal items whose text it is (from the version's
// manifest, frozen at publish), their lessons and the trajectories those lessons cite. Lessons and
// trajectories are read live and scoped to the workspace; a deleted one is simply absent.

export const ZLineQuery = z.object({ file: z.string().min(1).max(512), line: z.coerce.number().int().min(1) });

export const ZManifestItem = z.object({
  id: z.string(),
  editId: z.string().nullish(),
  file: z.string(),
  section: z.string().nullish(),
  op: z.string(),
  status: z.string(),
  reviewer: z.string().nullish(),
  support: z.number().nullish(),
  supportError: z.number().nullish(),
  supportSuccess: z.number().nullish(),
  sourceTrajectoryIds: z.array(z.string()).default([]),
  sourceLessonIds: z.array(z.string()).default([]),
});
export type TManifestItem = z.infer<typeof ZManifestItem>;

/** The manifest's `provenance` as publish writes it: per file, 1-based line spans and the items behind them. */
export type TProvenance = { files: Record<string, { start: number; count: number; itemIds: string[] }[]> };

export function itemsAtLine(p: TProvenance, file: string, line: number): string[] {
  return (p.files[file] ?? []).filter((s) => line >= s.start && line < s.start + s.count).flatMap((s) => s.itemIds);
}

export type TLineLesson = { id: string; kind: string; title: string; content: string; stepRefs: number[]; trajectoryId: string; trajectory: { id: string; externalId: string; outcome: string; instruction: string } | null };
export type TLineProvenance = { file: string; line: number; items: TManifestItem[]; lessons: TLineLesson[] };

/** The line spans and items of a version's manifest; empty for versions not published from a run. */
export function readManifestProvenance(manifest: unknown): { provenance: TProvenance; items: TManifestItem[] } {
  const m = (manifest ?? {}) as { provenance?: TProvenance; items?: unknown[] };
  const items = (m.items ?? []).flatMap((i) => {
    const parsed = ZManifestItem.safeParse(i);
    return parsed.success ? [parsed.data] : [];
  });
  return { provenance: { files: m.provenance?.files ?? {} }, items };
}

export async function readLineProvenance(workspaceId: string, name: string, ref: string, query: z.infer<typeof ZLineQuery>): Promise<TLineProvenance> {
  const skill = await findSkill(workspaceId, name);
  const v = await resolveVersion(skill, ref);
  const row = await db().skillVersion.findUniqueOrThrow({ where: { id: v.id }, select: { manifest: true } });
  const { provenance, items } = readManifestProvenance(row.manifest);
  const ids = new Set(itemsAtLine(provenance, query.file, query.line));
  const lineItems = items.filter((i) => ids.has(i.id));
  const lessonIds = [...new Set(lineItems.flatMap((i) => i.sourceLessonIds))];
  const lessons = lessonIds.length
    ? await db().lesson.findMany({
        where: { id: { in: lessonIds }, run: { workspaceId } },
        select: { id: true, kind: true, title: true, content: true, stepRefs: true, trajectoryId: true, trajectory: { select: { id: true, externalId: true, outcome: true, instruction: true } } },
        orderBy: [{ trajectoryId: "asc" }, { number: "asc" }],
      })
    : [];
  return {
    file: query.file,
    line: query.line,
    items: lineItems,
    lessons: lessons.map((l) => ({ ...l, kind: String(l.kind), trajectory: l.trajectory ? { ...l.trajectory, outcome: String(l.trajectory.outcome), instruction: l.trajectory.instruction.slice(0, 300) } : null })),
  };
}
