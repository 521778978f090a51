import { db } from "../db/client";
import { itemFiles } from "./preview";
import { loadItem } from "./items";

// Everything the review screen shows for one item: the item, its file before/after (only this
// item applied), and the evidence one click away — the lessons and trajectories behind it.

export async function getItemDetail(workspaceId: string, itemId: string) {
  const item = await loadItem(workspaceId, itemId);
  const [files, lessons, trajectories] = await Promise.all([
    itemFiles(workspaceId, item.runId, item),
    db().lesson.findMany({ where: { id: { in: item.sourceLessonIds } }, select: { id: true, kind: true, title: true, description: true, content: true, stepRefs: true, status: true, trajectoryId: true } }),
    db().trajectory.findMany({ where: { id: { in: item.sourceTrajectoryIds } }, select: { id: true, externalId: true, outcome: true, taskId: true } }),
  ]);
  return { item, files, lessons, trajectories };
}
