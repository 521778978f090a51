import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { stripSources, ZSourcedEdit, type TSourcedEdit } from "./sourced-edit";

// A run in the official pipeline's layout (trace2skill-method.md §4 "Intermediates layout"), so the
// official CLI can pick up from here: parsed_*_records.json, map_patches/patch_NNNN.json with
// batch_index, merge_level_<L>/merged_NNNN.json, final_patch.json. Our lineage, which the official
// files cannot hold, goes into t2s_provenance.json beside them (ignored by the official code, used
// by our importer so a round trip keeps support exactly).

const pad = (n: number) => String(n).padStart(4, "0");
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
const instanceOf = (externalId: string) => externalId.slice(externalId.lastIndexOf(":") + 1);

export async function exportOfficialRun(workspaceId: string, runId: string): Promise<Record<string, string>> {
  const run = await db().distillRun.findFirst({ where: { id: runId, workspaceId } });
  if (!run) throw new AppError("not_found:run", "No such run.");
  const patches = await db().patch.findMany({ where: { runId, status: { in: ["ok", "passthrough", "forced"] } }, orderBy: [{ level: "asc" }, { index: "asc" }] });
  const analyses = await db().analysis.findMany({ where: { runId, status: "done" }, orderBy: { position: "asc" }, include: { trajectory: { select: { externalId: true } }, lessons: { where: { status: { not: "rejected" } }, orderBy: [{ kind: "asc" }, { number: "asc" }] } } });
  const byPosition = new Map(analyses.map((a) => [a.position, a]));
  const edits = (p: { edits: unknown }) => z.array(ZSourcedEdit).parse(p.edits);

  // Only MAP patches with edits took part in our merge; the records are written in the same order,
  // so record i and patch i belong together as batch_index says.
  const level0 = patches.filter((p) => p.level === 0 && edits(p).length);
  const ordered = [...level0.map((p) => byPosition.get(p.index)).filter((a): a is (typeof analyses)[number] => Boolean(a)), ...analyses.filter((a) => !level0.some((p) => p.index === a.position))];
  const files: Record<string, string> = {};
  for (const source of ["error", "success"] as const) {
    const records = ordered
      .filter((a) => ((a.output as { perspective?: string } | null)?.perspective ?? "error") === source)
      .map((a) => ({ instance_id: instanceOf(a.trajectory.externalId), source_file: `${a.trajectory.externalId}`, record_source: source, items: a.lessons.map((l) => ({ type: l.kind, number: l.number, title: l.title, description: l.description, content: l.content })) }));
    if (records.length) files[`parsed_${source}_records.json`] = json(records);
  }
  const rename = new Map<string, string>(); // our edit id → the id it has in the exported layout
  const provenance: Record<string, Record<string, string[]>> = {};
  // Records are grouped by outcome in two files, so record order and patch order can differ:
  // the sidecar says which record each MAP patch came from.
  provenance.L0 = {};
  level0.forEach((p, j) => {
    const a = byPosition.get(p.index);
    if (a) provenance.L0![String(j)] = [instanceOf(a.trajectory.externalId)];
    edits(p).forEach((e, k) => rename.set(e.id, `L0.${j}.e${k}`));
    files[`map_patches/patch_${pad(j)}.json`] = json({ reasoning: p.reasoning, edits: edits(p).map(stripSources), changelog_entries: p.changelog, batch_index: j });
  });
  const levels = [...new Set(patches.filter((p) => p.level > 0).map((p) => p.level))].sort((a, b) => a - b);
  let top: { edits: TSourcedEdit[]; key: string; reasoning: string; changelog: unknown } | null = level0.length === 1 ? { edits: edits(level0[0]!), key: "L0.0", reasoning: level0[0]!.reasoning, changelog: level0[0]!.changelog } : null;
  for (const level of levels) {
    const nodes = patches.filter((p) => p.level === level);
    nodes.forEach((p, j) => {
      const origins = ((p.detail as { origins?: Record<string, string[]> }).origins ?? {}) as Record<string, string[]>;
      const key = `L${level}.${j}`;
      provenance[key] = {};
      edits(p).forEach((e, k) => {
        provenance[key]![String(k)] = (origins[e.id] ?? []).map((o) => rename.get(o) ?? o);
        rename.set(e.id, `${key}.e${k}`);
      });
      files[`merge_level_${level}/merged_${pad(j)}.json`] = json({ reasoning: p.reasoning, edits: edits(p).map(stripSources), changelog_entries: p.changelog });
      if (nodes.length === 1 && level === levels.at(-1)) top = { edits: edits(p), key, reasoning: p.reasoning, changelog: p.changelog };
    });
  }
  if (top) {
    const t = top as { edits: TSourcedEdit[]; key: string; reasoning: string; changelog: unknown };
    files["final_patch.json"] = json({ reasoning: t.reasoning, edits: t.edits.map(stripSources), changelog_entries: t.changelog });
  }
  files["t2s_provenance.json"] = json(provenance);
  return files;
}
