import { z } from "zod";
import { ZPatchEdit, type TPatchEdit } from "../skills/patch";

// Provenance the official code lacks (../shared/trace2skill-method.md §5 (a), (b)): every edit
// carries the trajectories and lessons it rests on, from MAP through every merge level to the
// proposal. Only code computes these sets — a merger says which input edits an output came from,
// and the union is taken here; support counts are never read from an LLM's answer.

export const ZSourcedEdit = ZPatchEdit.extend({
  /** Stable within a run: "<patch key>.e<k>", e.g. "L0.17.e2" or "L2.0.e5". */
  id: z.string().min(1),
  trajectoryIds: z.array(z.string()),
  lessonIds: z.array(z.string()),
});
export type TSourcedEdit = z.infer<typeof ZSourcedEdit>;

export const ZSourcedPatch = z.object({
  /** "L<level>.<index>"; level 0 are MAP patches (index = position in the run's analysis order). */
  key: z.string(),
  reasoning: z.string(),
  edits: z.array(ZSourcedEdit),
  changelog_entries: z.array(z.string()),
});
export type TSourcedPatch = z.infer<typeof ZSourcedPatch>;

export type TOutcomeOf = (trajectoryId: string) => "success" | "failure" | "unknown";

export type TSupport = { total: number; error: number; success: number; other: number };

export function patchKey(level: number, index: number): string {
  return `L${level}.${index}`;
}

/** Gives a MAP patch's edits ids and the sources of the one trajectory it was made from. */
export function sourceMapPatch(
  key: string,
  patch: { reasoning: string; edits: TPatchEdit[]; changelog_entries: string[] },
  trajectoryId: string,
  lessonIds: string[],
): TSourcedPatch {
  return {
    key,
    reasoning: patch.reasoning,
    changelog_entries: patch.changelog_entries,
    edits: patch.edits.map((e, k) => ({ ...e, id: `${key}.e${k}`, trajectoryIds: [trajectoryId], lessonIds: [...lessonIds] })),
  };
}

export function unionSorted(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}

/** Support = distinct source trajectories, split by their (current) outcome label. */
export function supportOf(edit: Pick<TSourcedEdit, "trajectoryIds">, outcomeOf: TOutcomeOf): TSupport {
  const support: TSupport = { total: 0, error: 0, success: 0, other: 0 };
  for (const id of new Set(edit.trajectoryIds)) {
    support.total++;
    const o = outcomeOf(id);
    if (o === "failure") support.error++;
    else if (o === "success") support.success++;
    else support.other++;
  }
  return support;
}

/** The edit as the official format has it (no provenance), e.g. for prompts and exports. */
export function stripSources(edit: TSourcedEdit): TPatchEdit {
  const { id: _id, trajectoryIds: _t, lessonIds: _l, ...rest } = edit;
  return rest;
}
