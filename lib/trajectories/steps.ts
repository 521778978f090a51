import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { STEPS_PER_CHUNK } from "../pools/import/save-trajectories";
import type { TStep } from "../traces/model";
import { MAX_PAGE_STEPS } from "./limits";

// Reading steps of one trajectory from its fixed-size chunks: a page touches only the chunks it
// needs, so the first screen of a 20,000-step trace never waits for the whole trace.

export { MAX_PAGE_STEPS, VIEWER_PAGE_SIZE } from "./limits";
/** A step's text in a page is cut to head + tail beyond this; the full text is one more request. */
export const PAGE_TEXT_CAP = 16 * 1024;
/** Even a single full step answer is bounded. */
export const FULL_TEXT_CAP = 8 * 1024 * 1024;

export type TPageStep = TStep & { textLength: number; truncated?: boolean };


// Step chunks are written only by the importer, from zod-validated trajectories; validating them
// again on every read costs more than the read itself (20k steps), so reads trust the stored shape.
const stepsOf = (json: unknown) => json as TStep[];

export async function trajectoryInWorkspace(workspaceId: string, id: string) {
  const t = await db().trajectory.findFirst({ where: { id, pool: { workspaceId } }, include: { pool: { select: { name: true } } } });
  if (!t) throw notFound("trajectory");
  return t;
}

function cut(text: string, cap: number): { text: string; truncated: boolean } {
  if (text.length <= cap) return { text, truncated: false };
  const half = Math.floor(cap / 2);
  return { text: `${text.slice(0, half)}\n\n[… ${(text.length - cap).toLocaleString("en")} characters omitted …]\n\n${text.slice(-half)}`, truncated: true };
}

function capArgs(args: Record<string, unknown> | undefined, cap: number): Record<string, unknown> | undefined {
  if (!args) return args;
  const json = JSON.stringify(args);
  return json.length <= cap ? args : { _truncated: `${json.slice(0, cap)}…`, _originalLength: json.length };
}

/** Steps [from, from+limit) with long texts cut; chunks are read in index order. */
export async function readStepPage(trajectoryId: string, from: number, limit: number): Promise<TPageStep[]> {
  const to = from + Math.min(limit, MAX_PAGE_STEPS);
  if (to <= from) return [];
  const chunks = await db().stepChunk.findMany({
    where: { trajectoryId, chunk: { gte: Math.floor(from / STEPS_PER_CHUNK), lte: Math.floor((to - 1) / STEPS_PER_CHUNK) } },
    orderBy: { chunk: "asc" },
  });
  const out: TPageStep[] = [];
  for (const c of chunks) {
    for (const s of stepsOf(c.steps)) {
      if (s.index < from || s.index >= to) continue;
      const { text, truncated } = cut(s.text, PAGE_TEXT_CAP);
      out.push({ ...s, text, toolArgs: capArgs(s.toolArgs, PAGE_TEXT_CAP), textLength: s.text.length, ...(truncated ? { truncated } : {}) });
    }
  }
  return out;
}

/** One step in full (up to FULL_TEXT_CAP), for "show all". */
export async function readFullStep(trajectoryId: string, index: number): Promise<TPageStep> {
  const chunk = await db().stepChunk.findUnique({ where: { trajectoryId_chunk: { trajectoryId, chunk: Math.floor(index / STEPS_PER_CHUNK) } } });
  const step = chunk ? stepsOf(chunk.steps).find((s) => s.index === index) : undefined;
  if (!step) throw new AppError("not_found:step", `This trajectory has no step ${index}.`);
  const { text, truncated } = cut(step.text, FULL_TEXT_CAP);
  return { ...step, text, textLength: step.text.length, ...(truncated ? { truncated } : {}) };
}

/** Every step of a trajectory, chunk by chunk (downloads, analysts). */
export async function* iterateSteps(trajectoryId: string): AsyncGenerator<TStep> {
  for (let chunk = 0; ; chunk++) {
    const c = await db().stepChunk.findUnique({ where: { trajectoryId_chunk: { trajectoryId, chunk } } });
    if (!c) return;
    for (const s of stepsOf(c.steps)) yield s;
  }
}
