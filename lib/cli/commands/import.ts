import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "../../db/client";
import { notFound } from "../../errors";
import { importNow } from "../../pools/import/import-now";
import { createPool, ZPoolName } from "../../pools/pools";
import type { TUploadReport } from "../../pools/uploads";
import { FORMATS, formatById } from "../../traces/registry";
import { ensureDefaultWorkspace } from "../../seed/bootstrap";
import { collectFiles, type TLocalInput } from "../collect-files";
import { asUsageError, CliUsageError, type TCliIo, type TCommand } from "./command";

// `t2s import <files…> --pool <name>`: the browser upload's pipeline (chunked storage → runImport),
// run in this process, so no worker is needed and the summary is final when the command returns.

export type TImportOptions = { paths: string[]; pool: string; workspace?: string; format?: string; json: boolean };

/** What --json prints, exactly. `formats`: trajectories read per detected format (new + duplicates). */
export const ZImportResult = z
  .object({
    poolId: z.string(),
    imported: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    formats: z.record(z.string(), z.number().int()),
    errors: z.array(z.object({ file: z.string(), record: z.union([z.number(), z.string(), z.null()]), message: z.string() }).strict()),
  })
  .strict();
export type TImportResult = z.infer<typeof ZImportResult>;

const USAGE = `Usage: npm run t2s -- import <file|directory|archive.zip>… --pool <name> [--workspace <slug>] [--format <id>] [--json]

Imports agent traces into a pool (created if missing). Directories are read recursively, .zip
archives are expanded, and each file's format is detected unless --format forces one.
  --pool, -p       pool name (letters, digits, . _ -)
  --workspace, -w  workspace slug (default: the first workspace)
  --format, -f     force a format: ${FORMATS.map((f) => f.id).join(", ")}
  --json           print {poolId, imported, duplicates, rejected, formats, errors} as JSON
Exits non-zero only when nothing could be imported.`;

function parseImportArgs(argv: string[]): TImportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { pool: { type: "string", short: "p" }, workspace: { type: "string", short: "w" }, format: { type: "string", short: "f" }, json: { type: "boolean" } },
    });
  } catch (e) {
    asUsageError(e);
  }
  const { values, positionals } = parsed;
  if (!positionals.length) throw new CliUsageError("Give at least one file, directory or .zip archive to import.");
  if (!values.pool) throw new CliUsageError("--pool <name> is required.");
  const pool = ZPoolName.safeParse(values.pool);
  if (!pool.success) throw new CliUsageError(`--pool: ${pool.error.issues[0].message}`);
  if (values.format && !formatById(values.format)) throw new CliUsageError(`--format: unknown format "${values.format}". Known formats: ${FORMATS.map((f) => f.id).join(", ")}.`);
  return { paths: positionals, pool: pool.data, workspace: values.workspace, format: values.format, json: values.json ?? false };
}

async function resolveWorkspace(slug: string | undefined): Promise<{ id: string; slug: string }> {
  if (slug) {
    const ws = await db().workspace.findUnique({ where: { slug }, select: { id: true, slug: true } });
    if (!ws) throw notFound("workspace");
    return ws;
  }
  // A data directory `npm start` never ran on gets the same default workspace it would create.
  return ensureDefaultWorkspace();
}

async function resolvePool(workspaceId: string, name: string): Promise<{ id: string; created: boolean }> {
  const pool = await db().pool.findUnique({ where: { workspaceId_name: { workspaceId, name } }, select: { id: true } });
  if (pool) return { id: pool.id, created: false };
  return { id: (await createPool(workspaceId, undefined, { name, description: "" })).id, created: true };
}

function displayName(stored: string, inputs: TLocalInput[], archive: string | null): string {
  const local = inputs.find((f) => f.name === stored);
  if (local) return local.path;
  const zip = archive ? inputs.find((f) => f.name === archive) : undefined;
  return zip ? `${zip.path}/${stored.slice(archive!.replace(/\.zip$/i, "").length + 1)}` : stored;
}

function summarize(poolId: string, report: TUploadReport | undefined, inputs: TLocalInput[], early: TImportResult["errors"]): TImportResult {
  const formats: Record<string, number> = {};
  const errors = [...early];
  for (const f of report?.files ?? []) {
    const read = f.imported + f.duplicates;
    if (f.format && read > 0) formats[f.format] = (formats[f.format] ?? 0) + read;
    for (const i of f.issues) errors.push({ file: displayName(i.file || f.name, inputs, f.archive), record: i.line ?? i.record ?? null, message: i.reason });
  }
  return { poolId, imported: report?.imported ?? 0, duplicates: report?.duplicates ?? 0, rejected: report?.rejected ?? 0, formats, errors };
}

/** Imports local paths into a pool of the current database and returns the --json result. */
export async function importPaths(options: TImportOptions): Promise<{ result: TImportResult; report?: TUploadReport; inputs: TLocalInput[]; workspace: string; poolCreated: boolean }> {
  const ws = await resolveWorkspace(options.workspace);
  const pool = await resolvePool(ws.id, options.pool);
  const { files, errors } = collectFiles(options.paths);
  const report = files.length
    ? await importNow(ws.id, options.pool, undefined, files.map((f) => ({ name: f.name, data: fs.createReadStream(f.path, { highWaterMark: 1024 * 1024 }) })), { forcedFormat: options.format, via: "cli" })
    : undefined;
  return { result: summarize(pool.id, report, files, errors), report, inputs: files, workspace: ws.slug, poolCreated: pool.created };
}

function printSummary(io: TCliIo, options: TImportOptions, out: Awaited<ReturnType<typeof importPaths>>): void {
  const { result, report, inputs } = out;
  io.stdout(`Pool "${options.pool}" in workspace "${out.workspace}"${out.poolCreated ? " (created)" : ""}\n`);
  for (const f of report?.files ?? []) {
    const name = displayName(f.name, inputs, f.archive);
    if (f.status === "expanded") io.stdout(`  ${name}: archive, ${f.note ?? "expanded"}\n`);
    else if (f.status === "skipped") io.stdout(`  ${name}: ${f.note ?? "skipped"}\n`);
    else io.stdout(`  ${name}: ${f.status === "failed" && !f.imported ? "not imported" : (f.format ?? "?")} — ${f.imported} imported, ${f.duplicates} duplicate(s), ${f.rejected} rejected\n`);
    for (const i of f.issues.slice(0, 5)) io.stdout(`      ${i.line ? `line ${i.line}: ` : i.record ? `${i.record}: ` : ""}${i.reason}\n`);
    if (f.issues.length > 5) io.stdout(`      … and ${f.issues.length - 5} more (see the import report in the web app)\n`);
  }
  for (const e of result.errors.filter((x) => !report?.files.some((f) => displayName(f.name, inputs, f.archive) === x.file))) io.stdout(`  ${e.file}: ${e.message}\n`);
  io.stdout(`Total: ${result.imported} imported, ${result.duplicates} duplicate(s), ${result.rejected} rejected.\n`);
  if (!result.imported && result.duplicates) io.stdout("Nothing new: every trajectory was already in the pool.\n");
}

export const importCommand: TCommand<TImportOptions> = {
  name: "import",
  usage: USAGE,
  needsDatabase: true,
  parse: parseImportArgs,
  run: async (options, io) => {
    const out = await importPaths(options);
    if (options.json) io.stdout(`${JSON.stringify(out.result, null, 2)}\n`);
    else printSummary(io, options, out);
    return out.result.imported + out.result.duplicates === 0 ? 1 : 0;
  },
};
