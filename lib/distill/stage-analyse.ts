import { z } from "zod";
import { db, type Prisma } from "../db/client";
import { readLlmFailure } from "../llm/failures";
import { runDurableStep, type TTx } from "./durable-step";
import { ZAnalysisResult, type TAnalysisResult, type TLessonSet } from "./lessons";
import { loadTrajectory } from "./load-trajectory";
import type { TMapResult } from "./map";
import { loadPoolProfile } from "./pool-profile";
import { forEachLimited, hashOf, type TRunContext } from "./run-context";
import { addRunUsage } from "./run-usage";
import { patchKey, sourceMapPatch } from "./sourced-edit";

// Stage 2 of a run: for every selected trajectory, the analyst call and then the MAP call, each a
// durable step. The two are pipelined per trajectory (its map starts as soon as its analysis is
// done), so the wall time is close to ⌈N/C⌉ analyst rounds + ⌈N/C⌉ map rounds. A trajectory whose
// call fails is recorded with the reason and the run goes on (house style 5).

const ZMapStep = z.custom<TMapResult>((v) => typeof v === "object" && v !== null && "kind" in v);

export async function runAnalystStage(ctx: TRunContext): Promise<void> {
  const open = await db().analysis.findMany({
    where: { runId: ctx.runId, status: { in: ["pending", "running"] } },
    orderBy: { position: "asc" },
    select: { id: true, trajectoryId: true, position: true },
  });
  // Every finished analysis maps again: free when its lessons are unchanged (the durable step is
  // reused), and it picks up curators' edits on a re-merge and maps that a restart interrupted.
  const finished = await db().analysis.findMany({
    where: { runId: ctx.runId, status: "done", lessons: { some: {} } },
    orderBy: { position: "asc" },
    select: { id: true, trajectoryId: true, position: true },
  });
  const todo = [...open, ...finished].sort((a, b) => a.position - b.position);
  if (!todo.length) return;
  const poolProfile = ctx.impl.kind === "rule-based" ? await loadPoolProfile(ctx) : undefined;

  await forEachLimited(todo, ctx.config.concurrency, ctx.signal, async (a) => {
    const analysis = await analyseOne(ctx, a, poolProfile);
    if (analysis?.kind === "lessons" && !ctx.signal.aborted) await mapOne(ctx, a, analysis);
  });
}

type TAnalysisRef = { id: string; trajectoryId: string; position: number };

async function analyseOne(ctx: TRunContext, a: TAnalysisRef, poolProfile: Awaited<ReturnType<typeof loadPoolProfile>> | undefined): Promise<TAnalysisResult | undefined> {
  const row = await db().analysis.findUniqueOrThrow({ where: { id: a.id }, select: { status: true, output: true } });
  if (row.status === "done") return ZAnalysisResult.parse(row.output);
  await db().analysis.update({ where: { id: a.id }, data: { status: "running", startedAt: new Date(), attempts: { increment: 1 } } });
  try {
    const trajectory = await loadTrajectory(a.trajectoryId);
    const { value } = await runDurableStep(
      ctx.runId,
      `analyse:${a.trajectoryId}`,
      ZAnalysisResult,
      () =>
        ctx.impl.analyse(trajectory, ctx.deps, {
          maskSecrets: ctx.maskSecrets,
          analyseUnknown: ctx.config.includeUnknown,
          runId: ctx.runId,
          stepKey: `analyse:${a.trajectoryId}`,
          poolProfile,
          temperature: ctx.config.temperature,
          signal: ctx.signal,
        }),
      { commit: (tx, v) => commitAnalysis(tx, ctx, a, v) },
    );
    return value;
  } catch (e) {
    if (ctx.signal.aborted) {
      await db().analysis.update({ where: { id: a.id }, data: { status: "pending" } });
      return undefined;
    }
    const failure = readLlmFailure(e);
    const message = e instanceof Error ? e.message : String(e);
    await db().analysis.update({
      where: { id: a.id },
      data: { status: "failed", error: failure ? `${failure.reason}: ${message}` : message, finishedAt: new Date(), tokensIn: failure?.usage.tokensIn ?? 0, tokensOut: failure?.usage.tokensOut ?? 0, costUsd: failure?.usage.costUsd ?? 0 },
    });
    if (failure) await addRunUsage(db(), ctx.runId, failure.usage);
    return undefined;
  }
}

async function commitAnalysis(tx: TTx, ctx: TRunContext, a: TAnalysisRef, v: TAnalysisResult): Promise<void> {
  const usage = v.usage ?? { tokensIn: 0, tokensOut: 0, costUsd: 0 };
  await tx.analysis.update({
    where: { id: a.id },
    data: {
      status: v.kind === "lessons" ? "done" : "skipped",
      analyst: v.kind === "lessons" ? v.analyst : "skipped",
      output: v as unknown as Prisma.InputJsonValue,
      error: v.kind === "skipped" ? `skipped: ${v.reason}${v.detail ? ` (${v.detail})` : ""}` : null,
      invalidCitations: v.citations?.invalid ?? 0,
      tokensIn: usage.tokensIn,
      tokensOut: usage.tokensOut,
      costUsd: usage.costUsd,
      finishedAt: new Date(),
    },
  });
  if (v.kind === "lessons") {
    await tx.lesson.createMany({
      data: v.items.map((i) => ({ runId: ctx.runId, analysisId: a.id, trajectoryId: a.trajectoryId, kind: i.kind, number: i.number, title: i.title, description: i.description, content: i.content, stepRefs: i.stepRefs })),
    });
  }
  await addRunUsage(tx, ctx.runId, usage);
}

/**
 * MAP for one analysed trajectory, from its current lessons: a curator's edits are used and
 * rejected lessons left out. The key includes their content, so changed lessons map again and
 * unchanged ones reuse the stored patch (issue 7's re-merge).
 */
export async function mapOne(ctx: TRunContext, a: TAnalysisRef, analysis: TLessonSet): Promise<void> {
  const lessons = await db().lesson.findMany({ where: { analysisId: a.id, status: { not: "rejected" } }, orderBy: [{ kind: "asc" }, { number: "asc" }] });
  const items = lessons.map((l) => ({ kind: l.kind, number: l.number, title: l.title, description: l.description, content: l.content, stepRefs: l.stepRefs }));
  const key = `map:${a.trajectoryId}:${hashOf(items)}`;
  const pKey = patchKey(0, a.position);
  try {
    await runDurableStep(
      ctx.runId,
      key,
      ZMapStep,
      async () =>
        items.length
          ? ctx.impl.map({ trajectoryId: a.trajectoryId, lessons: { ...analysis, items }, base: ctx.base, baseMode: ctx.baseMode, runMode: ctx.runMode }, ctx.deps, { runId: ctx.runId, stepKey: key, temperature: ctx.config.temperature, signal: ctx.signal })
          : ({ kind: "skipped", reason: "no_lessons" } as const),
      {
        commit: async (tx, m) => {
          const sourced = m.kind === "patch" ? sourceMapPatch(pKey, m.patch, a.trajectoryId, lessons.map((l) => l.id)) : null;
          const data = {
            status: "ok" as const,
            inputIds: [],
            sourceTrajectoryIds: [a.trajectoryId],
            sourceLessonIds: lessons.map((l) => l.id),
            reasoning: sourced?.reasoning ?? "",
            edits: (sourced?.edits ?? []) as unknown as Prisma.InputJsonValue,
            changelog: (sourced?.changelog_entries ?? []) as Prisma.InputJsonValue,
            detail: (m.kind === "patch" ? { mapper: m.mapper, dropped: m.dropped, model: m.model } : { skipped: m.reason }) as Prisma.InputJsonValue,
            error: null,
          };
          await tx.patch.upsert({ where: { runId_level_index: { runId: ctx.runId, level: 0, index: a.position } }, create: { runId: ctx.runId, level: 0, index: a.position, ...data }, update: data });
          if (m.kind === "patch") await addRunUsage(tx, ctx.runId, m.usage);
        },
      },
    );
  } catch (e) {
    if (ctx.signal.aborted) return;
    const failure = readLlmFailure(e);
    const message = e instanceof Error ? e.message : String(e);
    const data = { status: "failed" as const, sourceTrajectoryIds: [a.trajectoryId], sourceLessonIds: lessons.map((l) => l.id), edits: [], error: failure ? `${failure.reason}: ${message}` : message };
    await db().patch.upsert({ where: { runId_level_index: { runId: ctx.runId, level: 0, index: a.position } }, create: { runId: ctx.runId, level: 0, index: a.position, ...data }, update: data });
    if (failure) await addRunUsage(db(), ctx.runId, failure.usage);
  }
}
