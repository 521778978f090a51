import { z } from "zod";
import { applyEdits } from "./apply";
import { EDIT_OPS, ZPatchEdit, type TPatchEdit, type TSkillFiles } from "./patch";

// `t2s skill apply`: a patch in the official JSON format ({reasoning, edits[], changelog_entries[]})
// applied the way the official run_apply_phase_programmatic does — edits in order on one copy,
// first-occurrence anchors, skipped when an anchor or file is missing — with a report per edit.
// Differences, on purpose: code-fenced lines starting with # are not headers (sections.ts), a
// skipped edit says why, and overlapping line ranges with an earlier edit are reported (applied
// in order by default, as the official code would; withheld with `withholdConflicts`). A path
// that leaves the folder is never written.

export type TOfficialEditReport = {
  index: number;
  op: string;
  file: string;
  status: "applied" | "skipped" | "conflict";
  /** Whether its change is in the output (a conflict is, unless conflicts are withheld). */
  applied: boolean;
  reason?: string;
  /** Indices of earlier edits whose base lines this one overlaps. */
  overlaps?: number[];
};

const ZLoosePatch = z.object({ reasoning: z.string().optional(), edits: z.array(z.unknown()), changelog_entries: z.array(z.unknown()).optional() }).passthrough();

export function checkSafePath(path: string): string | null {
  if (path.includes("\\") || path.includes("\0")) return "backslashes and NUL are not allowed in paths";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute paths are not allowed";
  if (path.split("/").some((s) => s === ".." || s === "")) return "the path leaves the skill folder";
  return null;
}

export function applyOfficialPatch(files: TSkillFiles, rawPatch: unknown, opts: { withholdConflicts?: boolean } = {}): { files: TSkillFiles; report: TOfficialEditReport[]; changelog: string[] } {
  const patch = ZLoosePatch.parse(rawPatch);
  const report: TOfficialEditReport[] = [];
  const valid: { id: string; edit: TPatchEdit }[] = [];
  patch.edits.forEach((raw, index) => {
    const op = String((raw as { op?: unknown })?.op ?? "");
    const file = String((raw as { file?: unknown })?.file ?? "");
    const parsed = ZPatchEdit.safeParse(raw);
    if (!parsed.success) {
      const known = (EDIT_OPS as readonly string[]).includes(op) || ["create_file", "createFile", "deleteFile"].includes(op);
      report.push({ index, op, file, status: "skipped", applied: false, reason: known ? `invalid edit: ${parsed.error.issues.map((i) => `${i.path.join(".") || "edit"} ${i.message}`).join("; ")}` : `unsupported op "${op}"` });
      return;
    }
    const unsafe = checkSafePath(parsed.data.file.replace(/^(\.\/)+/, ""));
    if (unsafe) {
      report.push({ index, op: parsed.data.op, file, status: "skipped", applied: false, reason: unsafe });
      return;
    }
    valid.push({ id: String(index), edit: { ...parsed.data, file: parsed.data.file.replace(/^(\.\/)+/, "") } });
    report.push({ index, op: parsed.data.op, file: parsed.data.file, status: "applied", applied: true });
  });
  const result = applyEdits(files, valid, { onConflict: opts.withholdConflicts ? "withhold" : "apply", sameAnchorInserts: "stack" });
  for (const o of result.outcomes) {
    const r = report[Number(o.id)]!;
    const group = o.conflictGroup === undefined ? undefined : result.conflicts[o.conflictGroup];
    const earlier = group?.pairs.filter((p) => p.b === o.id || p.a === o.id).map((p) => Number(p.a === o.id ? p.b : p.a)).filter((k) => k < r.index);
    if (o.status === "skipped") Object.assign(r, { status: "skipped", applied: false, reason: o.reason });
    else if (o.status === "conflict") Object.assign(r, { status: "conflict", applied: false, reason: o.reason });
    if (earlier?.length) {
      r.overlaps = earlier;
      if (r.status === "applied") Object.assign(r, { status: "conflict", reason: `applied in order, but overlaps earlier edit${earlier.length > 1 ? "s" : ""} ${earlier.map((k) => `#${k}`).join(", ")}` });
    }
  }
  return { files: result.files, report, changelog: (patch.changelog_entries ?? []).map(String) };
}
