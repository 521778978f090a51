import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { db, type Prisma } from "../db/client";
import { AppError } from "../errors";
import { poolByName } from "../pools/uploads";
import { ZPatch } from "../skills/patch";
import { resolveBase } from "./create-run";
import { chunkList } from "./merge-plan";
import { readOfficialArtifacts, type TOfficialPatch } from "./official-artifacts";
import { attributeEdits, parseEdits } from "./official-attribute";
import { matchInstances } from "./official-match";
import { mapLessonsByRules } from "./rule-mapper";
import { loadRunContext } from "./run-context";
import { ZRunConfig } from "./run-config";
import { patchKey, sourceMapPatch, unionSorted, type TSourcedPatch } from "./sourced-edit";
import { runFinalizeStage } from "./stage-finalize";
import { outcomeLookup, runReduceStage } from "./stage-reduce";
import type { TLessonSet } from "./lessons";

// Official artifacts → a run like any other (issue 9): records become analyses and lessons of the
// pool's trajectories, MAP patches and merge levels become the merge tree, the final patch becomes a
// reviewable proposal. What the official files lack is computed with the rule-based parts (map
// patches from records, a merge of map patches). What cannot be matched is reported, never dropped.

export type TOfficialImportInput = { pool: string; skill: string; files: Record<string, string>; fanIn?: number; minSupport?: number };

type TIssue = { what: string; message: string };

function lessonSetOf(items: { kind: string; number: number; title: string; description: string; content: string; stepRefs: number[] }[], perspective: "error" | "success"): TLessonSet {
  return { kind: "lessons", analyst: perspective, perspective, items: items as TLessonSet["items"], citations: { repaired: 0, droppedRefs: 0, droppedItems: 0, invalid: 0 }, truncatedItems: 0, usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 }, model: "official-import", attempts: 0, prompts: {}, sawGraderEvidence: false };
}

async function writePatch(runId: string, level: number, index: number, p: TSourcedPatch, detail: Record<string, unknown>, inputIds: string[] = []): Promise<string> {
  const data = {
    status: "ok" as const,
    inputIds,
    sourceTrajectoryIds: unionSorted(p.edits.map((e) => e.trajectoryIds)),
    sourceLessonIds: unionSorted(p.edits.map((e) => e.lessonIds)),
    reasoning: p.reasoning,
    edits: p.edits as unknown as Prisma.InputJsonValue,
    changelog: p.changelog_entries as Prisma.InputJsonValue,
    detail: detail as Prisma.InputJsonValue,
  };
  return (await db().patch.create({ data: { runId, level, index, ...data }, select: { id: true } })).id;
}

export async function importOfficialRun(workspaceId: string, principal: TPrincipal | undefined, input: TOfficialImportInput) {
  const artifacts = readOfficialArtifacts(input.files);
  const sidecarText = Object.entries(input.files).find(([p]) => p.split("/").pop() === "t2s_provenance.json")?.[1];
  const sidecar = sidecarText ? (JSON.parse(sidecarText) as Record<string, Record<string, string[]>>) : {};
  const pool = await poolByName(workspaceId, input.pool);
  const base = await resolveBase(workspaceId, { pool: input.pool, skill: input.skill, config: ZRunConfig.parse({}) });
  const sources = new Set(artifacts.records.map((r) => r.source));
  const mode = sources.size === 2 ? "combined" : sources.has("success") ? "success" : "error";
  const config = ZRunConfig.parse({ analysts: mode, fanIn: input.fanIn ?? 5, minSupport: input.minSupport ?? 1 });
  const run = await db().distillRun.create({
    data: { workspaceId, poolId: pool.id, ...base, mode, status: "running", stage: "apply", startedAt: new Date(), config: { ...config, imported: "official" } as Prisma.InputJsonValue, models: { kind: "rule-based", imported: "official" }, promptVersions: {}, poolContentHash: pool.contentHash },
  });
  const issues: TIssue[] = artifacts.problems.map((p) => ({ what: p.file, message: p.message }));

  // Records → analyses and lessons, position = record order (the official batch_index).
  const matches = await matchInstances(pool.id, artifacts.records.map((r) => r.record.instance_id));
  const recordAt: ({ trajectoryId: string; lessonIds: string[]; analysisId: string; set: TLessonSet } | null)[] = [];
  const used = new Set<string>();
  for (const [position, { source, record }] of artifacts.records.entries()) {
    const m = matches.get(record.instance_id)!;
    if ("unmatched" in m || used.has(m.trajectoryId)) {
      issues.push({ what: `record ${record.instance_id}`, message: "unmatched" in m ? m.unmatched : "a second record for the same trajectory" });
      recordAt.push(null);
      continue;
    }
    used.add(m.trajectoryId);
    const items = record.items.map((i) => ({ kind: i.type, number: i.number, title: i.title, description: i.description, content: i.content, stepRefs: [] as number[] }));
    const set = lessonSetOf(items, source);
    const analysis = await db().analysis.create({ data: { runId: run.id, trajectoryId: m.trajectoryId, position, analyst: `official-${source}`, status: "done", output: set as unknown as Prisma.InputJsonValue, finishedAt: new Date() } });
    const lessonIds: string[] = [];
    for (const i of items) lessonIds.push((await db().lesson.create({ data: { runId: run.id, analysisId: analysis.id, trajectoryId: m.trajectoryId, ...i } })).id);
    recordAt.push({ trajectoryId: m.trajectoryId, lessonIds, analysisId: analysis.id, set });
  }

  const ctx = await loadRunContext(run.id, { llm: null, maskSecrets: true });
  // MAP patches (patch i ↔ record i), or computed by the rule-based mapper when none were given.
  const level0: (TSourcedPatch & { rowId: string })[] = [];
  const mapSource: { index: number; file: string; patch: TOfficialPatch }[] = artifacts.mapPatches.length
    ? artifacts.mapPatches
    : [];
  if (!mapSource.length) {
    for (const [i, r] of recordAt.entries()) {
      if (!r) continue;
      const m = await mapLessonsByRules({ trajectoryId: r.trajectoryId, lessons: r.set, base: ctx.base, baseMode: ctx.baseMode, runMode: ctx.runMode }, {}, {});
      if (m.kind === "patch") mapSource.push({ index: i, file: "(rule-based mapper)", patch: { ...m.patch, batch_index: i } });
    }
  }
  const byInstance = new Map(artifacts.records.map((r, i) => [r.record.instance_id, i]));
  for (const [j, m] of mapSource.entries()) {
    // Our own export names each patch's record (t2s_provenance.json); the official files rely on order.
    const named = sidecar.L0?.[String(m.index)]?.[0];
    const rec = (named !== undefined && byInstance.has(named) ? recordAt[byInstance.get(named)!] : recordAt[m.index]) ?? null;
    const { edits, invalid } = parseEdits(m.patch.edits);
    invalid.forEach((x) => issues.push({ what: `${m.file} edit ${x.index}`, message: x.message }));
    if (!rec) issues.push({ what: m.file, message: "no matched record at its batch index: its edits carry no trajectory support" });
    const sourced = sourceMapPatch(patchKey(0, j), { reasoning: m.patch.reasoning, edits, changelog_entries: m.patch.changelog_entries.map(String) }, rec?.trajectoryId ?? "", rec?.lessonIds ?? []);
    if (!rec) sourced.edits.forEach((e) => (e.trajectoryIds = []));
    level0.push({ ...sourced, rowId: await writePatch(run.id, 0, j, sourced, { mapper: artifacts.mapPatches.length ? "official" : "rule-based", file: m.file }) });
  }

  // Merge levels: inputs reconstructed with the official chunking over the previous level.
  let current = level0;
  for (const lv of artifacts.mergeLevels) {
    const plan = chunkList(current.map((_, i) => i), config.fanIn);
    const planned = plan.length === lv.nodes.length;
    if (!planned) issues.push({ what: `merge_level_${lv.level}`, message: `${lv.nodes.length} nodes where fan-in ${config.fanIn} gives ${plan.length}: each node is attributed against the whole previous level` });
    const next: (TSourcedPatch & { rowId: string })[] = [];
    for (const [j, node] of lv.nodes.entries()) {
      const inputs = planned ? plan[j]!.map((i) => current[i]!) : current;
      const key = patchKey(lv.level, j);
      const a = attributeEdits(key, node.patch, inputs.flatMap((p) => p.edits), sidecar[key]);
      a.invalid.forEach((x) => issues.push({ what: `${node.file} edit ${x.index}`, message: x.message }));
      next.push({ ...a.patch, rowId: await writePatch(run.id, lv.level, j, a.patch, { merger: "official", node: "merged", origins: a.origins, approximated: a.approximated, inputKeys: inputs.map((p) => p.key), file: node.file }, inputs.map((p) => p.rowId)) });
    }
    for (const [j, p] of next.entries()) if (planned) await db().patch.updateMany({ where: { id: { in: plan[j]!.map((i) => current[i]!.rowId) } }, data: { parentId: p.rowId } });
    current = next;
  }

  let final: TSourcedPatch | null = null;
  if (artifacts.finalPatch) {
    const top = current.length === 1 ? current[0]! : null;
    const same = top && JSON.stringify(top.edits.map((e) => ZPatch.shape.edits.element.parse(e))) === JSON.stringify(parseEdits(artifacts.finalPatch.edits).edits);
    final = same ? top : attributeEdits("final", artifacts.finalPatch, current.flatMap((p) => p.edits), sidecar.final).patch;
  } else if (artifacts.mergeLevels.length && current.length === 1) final = current[0]!;
  else final = await runReduceStage(ctx);
  if (!final) throw new AppError("invalid_input:official_artifacts", "Nothing to review: the artifacts hold no edits that could be matched.", { details: { issues } });

  const summary = await runFinalizeStage(ctx, final, await outcomeLookup(run.id));
  const imported = { records: artifacts.records.length, matched: recordAt.filter(Boolean).length, mapPatches: level0.length, mergeLevels: artifacts.mergeLevels.length, finalPatch: Boolean(artifacts.finalPatch), issues };
  await db().distillRun.update({ where: { id: run.id }, data: { status: "succeeded", stage: "done", finishedAt: new Date(), counters: { summary, imported } as unknown as Prisma.InputJsonValue } });
  await recordAudit({ workspaceId, principal, action: "run.import_official", entityType: "run", entityId: run.id, after: { pool: pool.name, skill: input.skill, ...imported, issues: issues.length } });
  return { runId: run.id, ...imported, items: summary.items };
}
