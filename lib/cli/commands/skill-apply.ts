import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readZipEntries } from "../../registry/read-zip";
import { applyOfficialPatch, checkSafePath } from "../../skills/apply-official";
import { asUsageError, CliUsageError, type TCommand } from "./command";

// `t2s skill apply <skill-dir|skill.zip> <patch.json> --out <dir>`: the official pipeline's
// programmatic APPLY as a command, for teams running the official Trace2Skill code. The input is
// never modified; files the patch does not touch (scripts, LICENSE, binaries) are copied as they are.

export type TSkillApplyOptions = { skill: string; patch: string; out: string; json: boolean; force: boolean; withholdConflicts: boolean };

const USAGE = `Usage: npm run t2s -- skill apply <skill-dir|skill.zip> <patch.json> --out <dir> [--json] [--force] [--withhold-conflicts]

Applies a patch in the official Trace2Skill JSON format ({reasoning, edits[], changelog_entries[]};
ops insert_after, insert_before, append_to_section, replace_in_section, add_section, delete_section,
create, delete_file and the aliases create_file/createFile/deleteFile) with the official
programmatic semantics, edits in order, and writes the result to --out.
  --json                 print {out, applied, skipped, conflicts, edits[{index, op, file, status, applied, reason, overlaps}]}
  --force                write into a non-empty --out directory
  --withhold-conflicts   leave out edits that overlap an earlier edit's lines (default: applied in order, as the official code)
One deliberate difference: lines inside fenced code blocks that start with # are not headers.`;

function parseSkillApplyArgs(argv: string[]): TSkillApplyOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: "string", short: "o" }, json: { type: "boolean" }, force: { type: "boolean" }, "withhold-conflicts": { type: "boolean" } } });
  } catch (e) {
    asUsageError(e);
  }
  const [sub, skill, patch, ...rest] = parsed.positionals;
  if (sub !== "apply") throw new CliUsageError(sub ? `Unknown skill subcommand "${sub}".` : "Say what to do: skill apply.");
  if (!skill || !patch || rest.length) throw new CliUsageError("Give a skill directory or .zip and a patch.json.");
  if (!parsed.values.out) throw new CliUsageError("--out <dir> is required (the input is never modified).");
  return { skill, patch, out: parsed.values.out, json: parsed.values.json ?? false, force: parsed.values.force ?? false, withholdConflicts: parsed.values["withhold-conflicts"] ?? false };
}

type TFolder = { text: Record<string, string>; binary: Record<string, Uint8Array> };

function splitText(entries: { path: string; data: Uint8Array }[]): TFolder {
  const folder: TFolder = { text: {}, binary: {} };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const e of entries) {
    try {
      folder.text[e.path] = decoder.decode(e.data);
    } catch {
      folder.binary[e.path] = e.data;
    }
  }
  return folder;
}

function readFolder(dir: string): TFolder {
  const entries: { path: string; data: Uint8Array }[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (d.isSymbolicLink()) throw new CliUsageError(`${p}: symbolic links are not followed.`);
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) entries.push({ path: p, data: fs.readFileSync(path.join(dir, p)) });
    }
  };
  walk("");
  return splitText(entries);
}

function readSkill(input: string): TFolder {
  if (!fs.existsSync(input)) throw new CliUsageError(`${input}: no such file or directory.`);
  if (fs.statSync(input).isDirectory()) return readFolder(input);
  const { entries, errors } = readZipEntries(new Uint8Array(fs.readFileSync(input)));
  if (errors.length) throw new CliUsageError(`${input}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  const files = entries.filter((e) => !e.isDirectory);
  // A zip of the folder itself (skill/SKILL.md) is read as the folder.
  const roots = new Set(files.map((f) => f.path.split("/")[0]));
  const prefix = !files.some((f) => f.path === "SKILL.md") && roots.size === 1 ? `${[...roots][0]}/` : "";
  return splitText(files.map((f) => ({ path: f.path.slice(prefix.length), data: typeof f.data === "string" ? new TextEncoder().encode(f.data) : f.data })));
}

function writeFolder(out: string, folder: TFolder): void {
  for (const [p, data] of [...Object.entries(folder.text), ...Object.entries(folder.binary)]) {
    if (checkSafePath(p)) throw new CliUsageError(`${p}: ${checkSafePath(p)}`);
    fs.mkdirSync(path.dirname(path.join(out, p)), { recursive: true });
    fs.writeFileSync(path.join(out, p), data);
  }
}

export const skillCommand: TCommand<TSkillApplyOptions> = {
  name: "skill",
  usage: USAGE,
  needsDatabase: false,
  parse: parseSkillApplyArgs,
  run: async (o, io) => {
    const folder = readSkill(o.skill);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(o.patch, "utf8"));
    } catch (e) {
      throw new CliUsageError(`${o.patch}: not a JSON patch (${e instanceof Error ? e.message : String(e)}).`);
    }
    const out = path.resolve(o.out);
    if (path.resolve(o.skill) === out) throw new CliUsageError("--out must differ from the input: the input is never modified.");
    if (fs.existsSync(out) && fs.readdirSync(out).length && !o.force) throw new CliUsageError(`${o.out} is not empty; choose another --out or pass --force.`);
    const result = applyOfficialPatch(folder.text, raw, { withholdConflicts: o.withholdConflicts });
    const binary = Object.fromEntries(Object.entries(folder.binary).filter(([p]) => !(p in result.files) && !result.report.some((r) => r.applied && r.op === "delete_file" && r.file === p)));
    writeFolder(out, { text: result.files, binary });
    const count = (s: string) => result.report.filter((r) => r.status === s).length;
    if (o.json) {
      io.stdout(`${JSON.stringify({ out, applied: count("applied"), skipped: count("skipped"), conflicts: count("conflict"), edits: result.report }, null, 2)}\n`);
    } else {
      for (const r of result.report) io.stdout(`#${r.index} ${r.op} ${r.file}: ${r.status}${r.reason ? ` — ${r.reason}` : ""}\n`);
      io.stdout(`Wrote ${out}: ${count("applied")} applied, ${count("skipped")} skipped, ${count("conflict")} conflicting.\n`);
    }
    return 0;
  },
};
