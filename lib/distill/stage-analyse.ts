import { z } from "zod";
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import { readLlmFailure } from "../llm/failures";
import type { TLlmUsage } from "../llm/types";
import { runDurableStepInBackground } from "./durable-step";
import { ZAnalysisResult, type TAnalysisResult, type TLessonSet } from "./lessons";
import { loadTrajectory } from "./load-trajectory";
import type { TMapResult } from "./map";
import { NO_MERGE_AHEAD, type TMergeAhead } from "./merge-ahead";
import { loadPoolProfile } from "./pool-profile";
import { forEachLimited, hashOf, type TRunContext } from "./run-context";
import { addRunUsage } from "./run-usage";
import { patchKey, sourceMapPatch, type TSourcedPatch } from "./sourced-edit";
import { markAnalysisRunning, type TLessonRow, type TPatchRow, type TStepRows } from "./step-store";

// Stage 2 of a run: for every selected trajectory, the analyst call and then the MAP call, each a
// durable step. The two are pipelined per trajectory (its map starts as soon as its analysis is
// done), so the wall time is close to ⌈N/C⌉ analyst rounds + ⌈N/C⌉ map rounds. A trajectory whose
// call fails is recorded with the reason and the run goes on (house style 5). Each stored MAP patch
// is handed to the merges that can start before the stage ends (merge-ahead.ts).

const ZMapStep = z.custom<TMapResult>((v) => typeof v === "object" && v !== null && "kind" in v);

export async function runAnalystStage(ctx: TRunContext, ahead: TMergeAhead = NO_MERGE_AHEAD): Promise<void> {
  // Every finished analysis maps again: free when its lessons are unchanged (the durable step is
  // reused), and it picks up curators' edits on a re-merge and maps that a restart interrupted.
  const [open, finished] = await Promise.all([
    db().analysis.findMany({
      where: { runId: ctx.runId, status: { in: ["pending", "running"] } },
      orderBy: { position: "asc" },
      select: { id: true, trajectoryId: true, position: true },
    }),
    db().analysis.findMany({
      where: { runId: ctx.runId, status: "done", lessons: { some: {} } },
      orderBy: { position: "asc" },
      select: { id: true, trajectoryId: true, position: true, output: true },
    }),
  ]);
  const todo: TTodo[] = [...open.map((a) => ({ ...a, done: null })), ...finished.map(({ output, ...a }) => ({ ...a, done: ZAnalysisResult.parse(output) }))].sort((a, b) => a.position - b.position);
  if (!todo.length) return;
  ahead.begin(todo.map((a) => a.position));
  const poolProfile = ctx.impl.kind === "rule-based" ? await loadPoolProfile(ctx) : undefined;

  // A lane goes on to its next call as soon as an answer is there; the answers' commits follow in
  // the background (durable-step.ts), and the stage ends only once every one of them is stored.
  const commits: Promise<void>[] = [];
  await forEachLimited(todo, ctx.lanes, ctx.signal, async (a) => {
    const analysed = a.done ? { value: a.done, lessons: undefined, committed: Promise.resolve() } : await analyseOne(ctx, a, poolProfile);
    if (!analysed || analysed.value.kind !== "lessons" || ctx.signal.aborted) {
      if (analysed) commits.push(analysed.committed);
      return ahead.settle(a.position, null);
    }
    commits.push(analysed.committed);
    const mapped = await mapOne(ctx, a, analysed.value, analysed.lessons, analysed.committed);
    commits.push(
      mapped.committed.then(
        (stored) => ahead.settle(a.position, stored),
        // Settled all the same, so the merges of later positions can go ahead.
        (e: unknown) => (ahead.settle(a.position, null), Promise.reject(e)),
      ),
    );
  });
  await Promise.allSettled(commits);
}

type TAnalysisRef = { id: string; trajectoryId: string; position: number };
type TTodo = TAnalysisRef & { done: TAnalysisResult | null };
type TMapLesson = Pick<TLessonRow, "id" | "kind" | "number" | "title" | "description" | "content" | "stepRefs">;

/**
 * The analysis, when this call wrote them its lessons (so MAP need not read them back), and its
 * commit: settled once stored; a failed commit records the trajectory as failed.
 */
async function analyseOne(
  ctx: TRunContext,
  a: TAnalysisRef,
  poolProfile: Awaited<ReturnType<typeof loadPoolProfile>> | undefined,
): Promise<{ value: TAnalysisResult; lessons?: TMapLesson[]; committed: Promise<void> } | undefined> {
  // Loaded while the step is claimed (two batches in flight at once, not one after the other).
  // The "running" mark is for the progress view: the call does not wait for it, the commit and a
  // failure's record do (a late mark must not overwrite "done" or "failed").
  const loading = loadTrajectory(a.trajectoryId);
  const marked = markAnalysisRunning(a.id);
  loading.catch(() => undefined);
  marked.catch(() => undefined);
  try {
    let lessons: TLessonRow[] | undefined;
    const { value, reused, committed } = await runDurableStepInBackground(
      ctx.runId,
      `analyse:${a.trajectoryId}`,
      ZAnalysisResult,
      async () =>
        ctx.impl.analyse(await loading, ctx.deps, {
          maskSecrets: ctx.maskSecrets,
          analyseUnknown: ctx.config.includeUnknown,
          runId: ctx.runId,
          stepKey: `analyse:${a.trajectoryId}`,
          poolProfile,
          temperature: ctx.config.temperature,
          signal: ctx.signal,
        }),
      {
        rows: (v) => {
          const rows = analysisRows(ctx, a, v);
          lessons = rows.lessons;
          return rows;
        },
        // A failed mark loses only a progress flag; the answer is still stored.
        after: marked.catch(() => undefined),
      },
    );
    const recorded = committed.catch((e: unknown) => recordAnalysisFailure(ctx, a, e).then(() => Promise.reject(e)));
    recorded.catch(() => undefined);
    return { value, lessons: reused ? undefined : lessons, committed: recorded };
  } catch (e) {
    await marked.catch(() => undefined);
    await recordAnalysisFailure(ctx, a, e);
    return undefined;
  }
}

async function recordAnalysisFailure(ctx: TRunContext, a: TAnalysisRef, e: unknown): Promise<void> {
  if (ctx.signal.aborted) {
    await db().analysis.update({ where: { id: a.id }, data: { status: "pending" } });
    return;
  }
  const { error, usage } = describeFailure(e);
  await db().analysis.update({
    where: { id: a.id },
    data: { status: "failed", error, finishedAt: new Date(), tokensIn: usage?.tokensIn ?? 0, tokensOut: usage?.tokensOut ?? 0, costUsd: usage?.costUsd ?? 0 },
  });
  if (usage) await addRunUsage(db(), ctx.runId, usage);
}

/** A failed item's reason as its row stores it, and what its LLM call cost (when the LLM layer threw). */
function describeFailure(e: unknown): { error: string; usage?: TLlmUsage } {
  const failure = readLlmFailure(e);
  const message = e instanceof Error ? e.message : String(e);
  return failure ? { error: `${failure.reason}: ${message}`, usage: failure.usage } : { error: message };
}

function analysisRows(ctx: TRunContext, a: TAnalysisRef, v: TAnalysisResult): TStepRows & { lessons: TLessonRow[] } {
  const usage = v.usage ?? { tokensIn: 0, tokensOut: 0, costUsd: 0 };
  const lessons =
    v.kind === "lessons"
      ? v.items.map((i) => ({ id: randomUUID(), runId: ctx.runId, analysisId: a.id, trajectoryId: a.trajectoryId, kind: i.kind, number: i.number, title: i.title, description: i.description, content: i.content, stepRefs: i.stepRefs }))
      : [];
  return {
    usage,
    lessons,
    analysis: {
      id: a.id,
      status: v.kind === "lessons" ? "done" : "skipped",
      analyst: v.kind === "lessons" ? v.analyst : "skipped",
      output: v,
      error: v.kind === "skipped" ? `skipped: ${v.reason}${v.detail ? ` (${v.detail})` : ""}` : null,
      invalidCitations: v.citations?.invalid ?? 0,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: usage.costUsd,
    },
  };
}

/**
 * MAP for one analysed trajectory, from its current lessons: a curator's edits are used and
 * rejected lessons left out. The key includes their content, so changed lessons map again and
 * unchanged ones reuse the stored patch (issue 7's re-merge).
 */
export async function mapOne(
  ctx: TRunContext,
  a: TAnalysisRef,
  analysis: TLessonSet,
  fresh?: TMapLesson[],
  after?: Promise<void>,
): Promise<{ committed: Promise<TSourcedPatch | null> }> {
  const lessons: TMapLesson[] = fresh
    ? [...fresh].sort((x, y) => x.kind.localeCompare(y.kind) || x.number - y.number)
    : await db().lesson.findMany({ where: { analysisId: a.id, status: { not: "rejected" } }, orderBy: [{ kind: "asc" }, { number: "asc" }] });
  const items = lessons.map((l) => ({ kind: l.kind, number: l.number, title: l.title, description: l.description, content: l.content, stepRefs: l.stepRefs }));
  const key = `map:${a.trajectoryId}:${hashOf(items)}`;
  const pKey = patchKey(0, a.position);
  try {
    const { value, committed } = await runDurableStepInBackground(
      ctx.runId,
      key,
      ZMapStep,
      async () =>
        items.length
          ? ctx.impl.map({ trajectoryId: a.trajectoryId, lessons: { ...analysis, items }, base: ctx.base, baseMode: ctx.baseMode, runMode: ctx.runMode }, ctx.deps, { runId: ctx.runId, stepKey: key, temperature: ctx.config.temperature, signal: ctx.signal })
          : ({ kind: "skipped", reason: "no_lessons" } as const),
      {
        rows: (m) => {
          const sourced = m.kind === "patch" ? sourceMapPatch(pKey, m.patch, a.trajectoryId, lessons.map((l) => l.id)) : null;
          const patch: TPatchRow = {
            runId: ctx.runId,
            level: 0,
            index: a.position,
            status: "ok",
            inputIds: [],
            sourceTrajectoryIds: [a.trajectoryId],
            sourceLessonIds: lessons.map((l) => l.id),
            reasoning: sourced?.reasoning ?? "",
            edits: sourced?.edits ?? [],
            changelog: sourced?.changelog_entries ?? [],
            detail: m.kind === "patch" ? { mapper: m.mapper, dropped: m.dropped, model: m.model } : { skipped: m.reason },
            error: null,
          };
          return { patch, ...(m.kind === "patch" ? { usage: m.usage } : {}) };
        },
        after,
      },
    );
    // The patch as the merge stage will read it back (loadMapPatches: only patches with edits),
    // for the merges that start ahead of it. It hashes the same either way: merge keys ignore key
    // order, the mapper's edits are schema-checked (the read-back's parse drops nothing), and a
    // reused MAP step's lessons keep their ids.
    const stored = (): TSourcedPatch | null => {
      const patch = value.kind === "patch" ? sourceMapPatch(pKey, value.patch, a.trajectoryId, lessons.map((l) => l.id)) : null;
      return patch?.edits.length ? patch : null;
    };
    return { committed: committed.then(stored, (e: unknown) => recordMapFailure(ctx, a, lessons, e).then(() => null)) };
  } catch (e) {
    await recordMapFailure(ctx, a, lessons, e);
    return { committed: Promise.resolve(null) };
  }
}

async function recordMapFailure(ctx: TRunContext, a: TAnalysisRef, lessons: TMapLesson[], e: unknown): Promise<void> {
  if (ctx.signal.aborted) return;
  const { error, usage } = describeFailure(e);
  const data = { status: "failed" as const, sourceTrajectoryIds: [a.trajectoryId], sourceLessonIds: lessons.map((l) => l.id), edits: [], error };
  await db().patch.upsert({ where: { runId_level_index: { runId: ctx.runId, level: 0, index: a.position } }, create: { runId: ctx.runId, level: 0, index: a.position, ...data }, update: data });
  if (usage) await addRunUsage(db(), ctx.runId, usage);
}
