import { z } from "zod";
import { AppError } from "../errors";

// The official Trace2Skill pipeline's saved artifacts (trace2skill-method.md §1.5–1.7, §4), read
// leniently from a path → text map (a folder or a .zip): analysis records, MAP patches, merge
// intermediates and the final patch. Unknown files are ignored; a file that should parse and does
// not is reported by name, never dropped silently.

export const ZOfficialItem = z.object({
  type: z.enum(["failure_cause", "failure_memory", "success_memory"]),
  number: z.coerce.number().int().default(1),
  title: z.string().default(""),
  description: z.string().default(""),
  content: z.string().default(""),
  relation_to_skill: z.string().optional(),
  skill_reflection: z.string().optional(),
});
export const ZOfficialRecord = z.object({
  instance_id: z.coerce.string(),
  source_file: z.string().optional(),
  record_source: z.enum(["error", "success"]).optional(),
  items: z.array(ZOfficialItem),
});
export type TOfficialRecord = z.infer<typeof ZOfficialRecord>;

export const ZOfficialPatch = z.object({
  reasoning: z.string().default(""),
  edits: z.array(z.record(z.string(), z.unknown())).default([]),
  changelog_entries: z.array(z.unknown()).default([]),
  batch_index: z.number().int().optional(),
});
export type TOfficialPatch = z.infer<typeof ZOfficialPatch>;

export type TOfficialArtifacts = {
  records: { source: "error" | "success"; record: TOfficialRecord }[];
  mapPatches: { index: number; file: string; patch: TOfficialPatch }[];
  mergeLevels: { level: number; nodes: { index: number; file: string; patch: TOfficialPatch }[] }[];
  finalPatch: TOfficialPatch | null;
  problems: { file: string; message: string }[];
};

const numberIn = (name: string) => Number(/(\d+)(?=\.json$)/.exec(name)?.[1] ?? NaN);

function parseJson<T>(file: string, text: string, schema: z.ZodType<T>, problems: TOfficialArtifacts["problems"]): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    problems.push({ file, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` });
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    problems.push({ file, message: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "document"}: ${i.message}`).join("; ") });
    return undefined;
  }
  return parsed.data;
}

export function readOfficialArtifacts(files: Record<string, string>): TOfficialArtifacts {
  const out: TOfficialArtifacts = { records: [], mapPatches: [], mergeLevels: [], finalPatch: null, problems: [] };
  // A zip of the output folder has one leading directory; paths are matched by their tail.
  for (const [file, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const parts = file.split("/");
    const name = parts.at(-1)!;
    const dir = parts.at(-2) ?? "";
    if (/^parsed_(error|success)_records\.json$/.test(name)) {
      const source = name.includes("error") ? "error" : "success";
      const records = parseJson(file, text, z.array(z.unknown()), out.problems) ?? [];
      records.forEach((r, i) => {
        const rec = ZOfficialRecord.safeParse(r);
        if (rec.success) out.records.push({ source: rec.data.record_source ?? source, record: rec.data });
        else out.problems.push({ file: `${file} [${i}]`, message: rec.error.issues.slice(0, 2).map((x) => `${x.path.join(".")}: ${x.message}`).join("; ") });
      });
    } else if (dir === "map_patches" && name.endsWith(".json")) {
      const patch = parseJson(file, text, ZOfficialPatch, out.problems);
      if (patch) out.mapPatches.push({ index: patch.batch_index ?? numberIn(name), file, patch });
    } else if (/^merge_level_\d+$/.test(dir) && name.endsWith(".json")) {
      const patch = parseJson(file, text, ZOfficialPatch, out.problems);
      const level = Number(dir.slice("merge_level_".length));
      if (!patch) continue;
      let lv = out.mergeLevels.find((l) => l.level === level);
      if (!lv) out.mergeLevels.push((lv = { level, nodes: [] }));
      lv.nodes.push({ index: numberIn(name), file, patch });
    } else if (name === "final_patch.json" || name === "translated_final_patch.json") {
      // The translated patch, when both are present, is the one the official apply used.
      if (name === "translated_final_patch.json" || !out.finalPatch) out.finalPatch = parseJson(file, text, ZOfficialPatch, out.problems) ?? out.finalPatch;
    }
  }
  out.mapPatches.sort((a, b) => a.index - b.index);
  out.mergeLevels.sort((a, b) => a.level - b.level);
  for (const l of out.mergeLevels) l.nodes.sort((a, b) => a.index - b.index);
  if (!out.records.length && !out.mapPatches.length && !out.finalPatch) {
    throw new AppError("invalid_input:official_artifacts", "No official artifacts found: expected parsed_*_records.json, map_patches/*.json, merge_level_*/merged_*.json or final_patch.json.", { details: { problems: out.problems } });
  }
  return out;
}
