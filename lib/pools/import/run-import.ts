import { db } from "../../db/client";
import type { TFormat, TParseIssue, TProbe } from "../../traces/format";
import { buildProbe } from "../../traces/probe";
import { detectFormat, formatById, FORMATS } from "../../traces/registry";
import { readText } from "../../traces/source";
import { refreshPoolStats } from "../stats";
import { ARCHIVE_LIMITS, expandArchive, type TArchiveLimits } from "./expand-archives";
import { explainUndetected, looksLikeJson } from "./explain-file";
import { MAX_LINE_BYTES } from "./line-guard";
import { parseFile, toJson } from "./parse-file";
import { uploadSources, type TUploadSource } from "./upload-sources";

// The import job: expand archives, detect each file's format (or use the forced one), skip files
// that are parts of another file's trajectory, parse the rest as streams and save in batches. A bad
// file or record is reported with file, line and a reason the uploader can act on; everything valid
// is kept. Safe to re-run: parsed files are skipped and trajectories dedupe by content hash.

/** Size limits of an import; tests lower them instead of inflating gigabytes. */
export type TImportLimits = TArchiveLimits & {
  /** Longest line (one record) handed to a parser; see line-guard.ts. */
  maxLineBytes: number;
};

export const IMPORT_LIMITS: TImportLimits = { ...ARCHIVE_LIMITS, maxLineBytes: MAX_LINE_BYTES };

/** Whole-file JSON parse errors are worth reporting only for files the probe would parse whole. */
const MAX_EXPLAIN_BYTES = 16 * 1024 * 1024;

async function jsonErrorOf(source: TUploadSource): Promise<string | undefined> {
  try {
    JSON.parse(await readText(source));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

async function rejectUndetected(file: { id: string; name: string; archive: string | null }, source: TUploadSource, probe: TProbe): Promise<void> {
  const jsonError = looksLikeJson(probe) && probe.json === undefined && source.size <= MAX_EXPLAIN_BYTES ? await jsonErrorOf(source) : undefined;
  const reason = explainUndetected({ probe, dropped: source.droppedLines(), archive: file.archive, jsonError, supported: FORMATS.map((f) => f.label) });
  const issue: TParseIssue = { file: file.name, reason };
  await db().uploadFile.update({ where: { id: file.id }, data: { status: "failed", rejected: 1, issues: toJson([issue]) } });
}

export async function runImport(uploadId: string, limits: Partial<TImportLimits> = {}): Promise<void> {
  const lim = { ...IMPORT_LIMITS, ...limits };
  const upload = await db().upload.findUnique({ where: { id: uploadId } });
  if (!upload || upload.status === "done") return;
  await db().upload.update({ where: { id: uploadId }, data: { status: "processing", startedAt: upload.startedAt ?? new Date(), error: null } });

  const zips = await db().uploadFile.findMany({ where: { uploadId, status: "stored", name: { endsWith: ".zip", mode: "insensitive" } } });
  for (const zip of zips) {
    const { entries, issues } = await expandArchive(uploadId, zip, lim);
    await db().uploadFile.update({
      where: { id: zip.id },
      data: { status: "expanded", format: "zip", note: `${entries} file(s) extracted`, rejected: issues.length, issues: toJson(issues.map((i) => ({ file: zip.name, record: i.entry, reason: i.reason }))) },
    });
  }

  const files = await db().uploadFile.findMany({ where: { uploadId }, orderBy: { name: "asc" } });
  const sources = await uploadSources(uploadId, { maxLineBytes: lim.maxLineBytes });
  const names = files.filter((f) => f.status !== "expanded").map((f) => f.name);
  const forced = upload.forcedFormat ? formatById(upload.forcedFormat) : undefined;

  const plan: { file: (typeof files)[number]; format: TFormat }[] = [];
  for (const file of files) {
    if (file.status !== "stored") continue;
    const source = sources.get(file.name)!;
    source.resetDroppedLines();
    if (forced) {
      plan.push({ file, format: forced });
      continue;
    }
    const probe = await buildProbe(source);
    const format = detectFormat(probe);
    if (format) plan.push({ file, format });
    else await rejectUndetected(file, source, probe);
  }

  // Parts of another file's trajectory (sub-agent logs, continuations, grader results) are read by
  // that file's parser, not imported on their own.
  const secondary = new Map<string, string>();
  for (const format of new Set(plan.map((p) => p.format))) {
    for (const n of format.secondaryFiles?.(names) ?? []) secondary.set(n, format.label);
  }
  for (const { file, format } of plan) {
    if (secondary.has(file.name)) {
      await db().uploadFile.update({ where: { id: file.id }, data: { status: "skipped", format: format.id, note: `Read as part of another ${secondary.get(file.name)} file in this upload.` } });
      continue;
    }
    await parseFile(upload.poolId, uploadId, file, sources.get(file.name)!, format);
  }

  const totals = await db().uploadFile.aggregate({ where: { uploadId }, _sum: { imported: true, duplicates: true, rejected: true } });
  await db().upload.update({
    where: { id: uploadId },
    data: { status: "done", finishedAt: new Date(), imported: totals._sum.imported ?? 0, duplicates: totals._sum.duplicates ?? 0, rejected: totals._sum.rejected ?? 0 },
  });
  await refreshPoolStats(upload.poolId);
}
