import { db, type Prisma } from "../../db/client";
import { DEFAULT_PARSE_OPTIONS, type TFormat, type TParseIssue } from "../../traces/format";
import { buildProbe } from "../../traces/probe";
import { detectFormat, formatById, FORMATS } from "../../traces/registry";
import { refreshPoolStats } from "../stats";
import { expandArchive } from "./expand-archives";
import { saveBatch, type TPending } from "./save-trajectories";
import { uploadSources } from "./upload-store";

// The import job: expand archives, detect each file's format (or use the forced one), skip files
// that are parts of another file's trajectory, parse the rest as streams and save in batches. A bad
// record is reported with file, line and reason; everything valid is kept. Safe to re-run: parsed
// files are skipped and trajectories dedupe by content hash.

const BATCH_TRAJECTORIES = 50;
const BATCH_STEPS = 20_000;
const MAX_ISSUES_PER_FILE = 200;

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

async function parseFile(poolId: string, uploadId: string, file: { id: string; name: string }, source: Parameters<TFormat["parse"]>[0], format: TFormat): Promise<void> {
  const issues: TParseIssue[] = [];
  let imported = 0;
  let duplicates = 0;
  let rejected = 0;
  let batch: TPending[] = [];
  let batchSteps = 0;
  const flush = async () => {
    if (!batch.length) return;
    const r = await saveBatch(poolId, uploadId, batch);
    imported += r.imported;
    duplicates += r.duplicates;
    batch = [];
    batchSteps = 0;
    await db().uploadFile.update({ where: { id: file.id }, data: { imported, duplicates, rejected } });
  };
  try {
    for await (const item of format.parse(source, DEFAULT_PARSE_OPTIONS)) {
      if (item.kind === "rejected") {
        rejected++;
        if (issues.length < MAX_ISSUES_PER_FILE) issues.push({ ...item.issue, file: item.issue.file || file.name });
        continue;
      }
      batch.push({ trajectory: item.trajectory, format: format.id, sourceFile: file.name, line: item.line, record: item.record });
      batchSteps += item.trajectory.steps.length;
      if (batch.length >= BATCH_TRAJECTORIES || batchSteps >= BATCH_STEPS) await flush();
    }
    await flush();
    await db().uploadFile.update({ where: { id: file.id }, data: { status: "parsed", format: format.id, imported, duplicates, rejected, issues: json(issues) } });
  } catch (e) {
    // A parser bug or unreadable file must not lose what was already saved, nor stop other files.
    await flush().catch(() => undefined);
    rejected++;
    issues.push({ file: file.name, reason: `Import of this file stopped: ${e instanceof Error ? e.message : String(e)}` });
    await db().uploadFile.update({ where: { id: file.id }, data: { status: "failed", format: format.id, imported, duplicates, rejected, issues: json(issues) } });
  }
}

export async function runImport(uploadId: string): Promise<void> {
  const upload = await db().upload.findUnique({ where: { id: uploadId } });
  if (!upload || upload.status === "done") return;
  await db().upload.update({ where: { id: uploadId }, data: { status: "processing", startedAt: upload.startedAt ?? new Date(), error: null } });

  const zips = await db().uploadFile.findMany({ where: { uploadId, status: "stored", name: { endsWith: ".zip", mode: "insensitive" } } });
  for (const zip of zips) {
    const { entries, issues } = await expandArchive(uploadId, zip);
    await db().uploadFile.update({
      where: { id: zip.id },
      data: { status: "expanded", format: "zip", note: `${entries} file(s) extracted`, rejected: issues.length, issues: json(issues.map((i) => ({ file: zip.name, record: i.entry, reason: i.reason }))) },
    });
  }

  const files = await db().uploadFile.findMany({ where: { uploadId }, orderBy: { name: "asc" } });
  const sources = await uploadSources(uploadId);
  const names = files.filter((f) => f.status !== "expanded").map((f) => f.name);
  const forced = upload.forcedFormat ? formatById(upload.forcedFormat) : undefined;

  const plan: { file: (typeof files)[number]; format: TFormat }[] = [];
  for (const file of files) {
    if (file.status !== "stored") continue;
    const source = sources.get(file.name)!;
    const format = forced ?? detectFormat(await buildProbe(source));
    if (!format) {
      const issue: TParseIssue = { file: file.name, reason: `Could not tell which trace format this file is. Supported: ${FORMATS.map((f) => f.label).join(", ")}. If you know the format, choose it under "Force format" and upload again.` };
      await db().uploadFile.update({ where: { id: file.id }, data: { status: "failed", rejected: 1, issues: json([issue]) } });
      continue;
    }
    plan.push({ file, format });
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
