import { z } from "zod";
import { ZPatchEdit, type TPatchEdit } from "../skills/patch";
import { unionSorted, type TSourcedEdit, type TSourcedPatch } from "./sourced-edit";

// What one REDUCE node produced, whichever merger ran it (LLM or rule-based), and the code that
// turns a merger's answer into sourced edits. The merger names, for each output edit, the ids of
// the input edits it came from; we keep only ids that exist, and take the union of their sources.
// An output edit that names no real input is not evidence-backed and is dropped — and listed.

export const ZMergeAnswerEdit = ZPatchEdit.extend({
  /** Ids of the input edits this edit was merged from (as shown to the merger). */
  from: z.array(z.string()).min(1),
});
export const ZMergeAnswer = z.object({
  reasoning: z.string(),
  edits: z.array(ZMergeAnswerEdit),
  changelog_entries: z.array(z.string()).default([]),
});
export type TMergeAnswer = z.infer<typeof ZMergeAnswer>;

export type TMergeNodeStatus = "merged" | "carried" | "passed_through";

export type TMergeNodeResult = {
  patch: TSourcedPatch;
  /** merged: a merger ran; carried: a single input went up unchanged; passed_through: the merge failed. */
  status: TMergeNodeStatus;
  /** Output edit id → the input edit ids it came from (two or more: deduplicated or synthesized). */
  origins: Record<string, string[]>;
  /** Input edits no output edit came from: the merger judged them redundant or idiosyncratic. */
  discarded: string[];
  /** Output edits the code refused, with why. */
  dropped: { edit: TPatchEdit; reason: string }[];
  /** Why the node passed its inputs through, when it did. */
  error?: string;
};

/** Validates a merger's answer against its inputs and attaches provenance. */
export function attributeMergeAnswer(key: string, inputs: readonly TSourcedPatch[], answer: TMergeAnswer): TMergeNodeResult {
  const byId = new Map<string, TSourcedEdit>();
  for (const p of inputs) for (const e of p.edits) byId.set(e.id, e);
  const used = new Set<string>();
  const edits: TSourcedEdit[] = [];
  const origins: Record<string, string[]> = {};
  const dropped: TMergeNodeResult["dropped"] = [];

  for (const { from, ...edit } of answer.edits) {
    const known = [...new Set(from.map((f) => f.trim()))].filter((f) => byId.has(f));
    const unknown = from.filter((f) => !byId.has(f.trim()));
    if (known.length === 0) {
      dropped.push({ edit, reason: `names no input edit (${unknown.join(", ") || "empty"}); an edit must rest on the evidence of its inputs` });
      continue;
    }
    const sources = known.map((f) => byId.get(f)!);
    const id = `${key}.e${edits.length}`;
    known.forEach((f) => used.add(f));
    origins[id] = known;
    edits.push({
      ...edit,
      id,
      trajectoryIds: unionSorted(sources.map((s) => s.trajectoryIds)),
      lessonIds: unionSorted(sources.map((s) => s.lessonIds)),
    });
  }

  return {
    patch: { key, reasoning: answer.reasoning, edits, changelog_entries: answer.changelog_entries },
    status: "merged",
    origins,
    discarded: [...byId.keys()].filter((id) => !used.has(id)),
    dropped,
  };
}

/**
 * A node that keeps its inputs' edits as they are: a single input carried up a level, or a merge
 * that failed after its retries (shown as a pass-through in the merge tree, never hidden).
 */
export function passThrough(key: string, inputs: readonly TSourcedPatch[], error?: string): TMergeNodeResult {
  const carried = inputs.flatMap((p) => p.edits);
  const edits = carried.map((e, k) => ({ ...e, id: `${key}.e${k}` }));
  return {
    patch: {
      key,
      reasoning: inputs.map((p) => p.reasoning).filter(Boolean).join("\n\n"),
      edits,
      changelog_entries: inputs.flatMap((p) => p.changelog_entries),
    },
    status: error === undefined ? "carried" : "passed_through",
    origins: Object.fromEntries(edits.map((e, k) => [e.id, [carried[k]!.id]])),
    discarded: [],
    dropped: [],
    ...(error === undefined ? {} : { error }),
  };
}
