import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { db } from "../../db/client";
import { notFound } from "../../errors";
import { exportOfficialRun } from "../../distill/official-export";
import { readArtifacts } from "../../distill/official-files";
import { importOfficialRun } from "../../distill/official-import";
import { ensureDefaultWorkspace } from "../../seed/bootstrap";
import { asUsageError, CliUsageError, type TCommand } from "./command";

// `t2s runs import|export`: interop with the official Trace2Skill pipeline (issue 9). Import turns
// its saved artifacts into a run with lessons, a merge tree and a reviewable proposal; export writes
// a run in the official layout for the official CLI to continue from.

type TRunsOptions =
  | { sub: "import"; input: string; pool: string; skill: string; workspace?: string; fanIn?: number; minSupport?: number; json: boolean }
  | { sub: "export"; runId: string; out: string; json: boolean; force: boolean };

const USAGE = `Usage:
  npm run t2s -- runs import <artifacts-dir|artifacts.zip> --pool <name> --skill <name>[@version] [--workspace <slug>] [--fan-in 5] [--min-support 1] [--json]
      Reads parsed_error_records.json / parsed_success_records.json, map_patches/*.json,
      merge_level_*/merged_*.json and final_patch.json; records are matched to the pool's
      trajectories by instance id (also <id>_seed_<n>); what cannot be matched is reported.
  npm run t2s -- runs export <run-id> --format official --out <dir> [--force] [--json]
      Writes the run's records, MAP patches, merge levels and final patch in the official layout.`;

function parse(argv: string[]): TRunsOptions {
  let p;
  try {
    p = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { pool: { type: "string" }, skill: { type: "string" }, workspace: { type: "string", short: "w" }, "fan-in": { type: "string" }, "min-support": { type: "string" }, format: { type: "string" }, out: { type: "string" }, force: { type: "boolean" }, json: { type: "boolean" } },
    });
  } catch (e) {
    asUsageError(e);
  }
  const [sub, target] = p.positionals;
  const int = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new CliUsageError(`--${name} must be a positive integer.`);
    return n;
  };
  if (sub === "import") {
    if (!target) throw new CliUsageError("Give the artifacts folder or .zip to import.");
    if (!p.values.pool || !p.values.skill) throw new CliUsageError("--pool and --skill are required: records are matched to the pool's trajectories, edits apply to the skill.");
    return { sub, input: target, pool: p.values.pool, skill: p.values.skill, workspace: p.values.workspace, fanIn: int(p.values["fan-in"], "fan-in"), minSupport: int(p.values["min-support"], "min-support"), json: p.values.json ?? false };
  }
  if (sub === "export") {
    if (!target) throw new CliUsageError("Give the id of the run to export.");
    if ((p.values.format ?? "official") !== "official") throw new CliUsageError('--format: only "official" is supported.');
    if (!p.values.out) throw new CliUsageError("--out <dir> is required.");
    return { sub, runId: target, out: p.values.out, json: p.values.json ?? false, force: p.values.force ?? false };
  }
  throw new CliUsageError(sub ? `Unknown runs subcommand "${sub}".` : "Say what to do: runs import or runs export.");
}

export const runsCommand: TCommand<TRunsOptions> = {
  name: "runs",
  usage: USAGE,
  needsDatabase: true,
  parse,
  run: async (o, io) => {
    if (o.sub === "import") {
      const ws = o.workspace ? await db().workspace.findUnique({ where: { slug: o.workspace } }) : await ensureDefaultWorkspace();
      if (!ws) throw notFound("workspace");
      const r = await importOfficialRun(ws.id, undefined, { pool: o.pool, skill: o.skill, files: readArtifacts(o.input), fanIn: o.fanIn, minSupport: o.minSupport });
      if (o.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else {
        io.stdout(`Run ${r.runId}: ${r.matched} of ${r.records} records matched, ${r.mapPatches} map patches, ${r.mergeLevels} merge levels, ${r.items} proposal items.\n`);
        for (const i of r.issues) io.stdout(`  ${i.what}: ${i.message}\n`);
        io.stdout(`Review it at /w/${ws.slug}/runs/${r.runId}/review\n`);
      }
      return 0;
    }
    const run = await db().distillRun.findUnique({ where: { id: o.runId }, select: { workspaceId: true } });
    if (!run) throw notFound("run");
    const out = path.resolve(o.out);
    if (fs.existsSync(out) && fs.readdirSync(out).length && !o.force) throw new CliUsageError(`${o.out} is not empty; choose another --out or pass --force.`);
    const files = await exportOfficialRun(run.workspaceId, o.runId);
    for (const [p, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(out, p)), { recursive: true });
      fs.writeFileSync(path.join(out, p), text);
    }
    if (o.json) io.stdout(`${JSON.stringify({ out, files: Object.keys(files).sort() }, null, 2)}\n`);
    else io.stdout(`Wrote ${Object.keys(files).length} files to ${out}\n`);
    return 0;
  },
};
