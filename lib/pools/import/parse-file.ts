import { db, type Prisma } from "../../db/client";
import { DEFAULT_PARSE_OPTIONS, type TFormat, type TParseIssue } from "../../traces/format";
import { saveBatch, type TPending } from "./save-trajectories";
import type { TUploadSource } from "./upload-sources";

// Parses one file as a stream and saves its trajectories in batches. Saving overlaps parsing: up to
// SAVES_IN_FLIGHT batches are written while the parser reads on, so the database and the parser
// work at the same time instead of taking turns. A bad record is reported with its line and reason;
// everything valid is kept.

const BATCH_TRAJECTORIES = 100;
const BATCH_STEPS = 20_000;
// Bounds what a batch holds in memory (and sends as one statement) whatever the record sizes: a
// batch is written once its texts reach this many characters.
const BATCH_TEXT_CHARS = 8 * 1024 * 1024;
const MAX_IN_FLIGHT_CHARS = 16 * 1024 * 1024;
const SAVES_IN_FLIGHT = 2;
const MAX_ISSUES_PER_FILE = 200;
const PROGRESS_EVERY_MS = 1000;

export const toJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

type TTally = { imported: number; duplicates: number; rejected: number };

export async function parseFile(poolId: string, uploadId: string, file: { id: string; name: string }, source: TUploadSource, format: TFormat): Promise<void> {
  const issues: TParseIssue[] = [];
  const tally: TTally = { imported: 0, duplicates: 0, rejected: 0 };
  const saving: Promise<void>[] = [];
  let batch: TPending[] = [];
  let batchSteps = 0;
  let batchChars = 0;
  let inFlightChars = 0;
  let lastProgress = Date.now();

  const save = async () => {
    if (!batch.length) return;
    const pending = batch;
    batch = [];
    batchSteps = 0;
    const chars = batchChars;
    batchChars = 0;
    while (saving.length >= SAVES_IN_FLIGHT) await saving.shift();
    inFlightChars += chars;
    const p = saveBatch(poolId, uploadId, pending)
      .then((r) => {
        tally.imported += r.imported;
        tally.duplicates += r.duplicates;
      })
      .finally(() => (inFlightChars -= chars));
    // Awaited in turn above or at the end; this keeps a failure from counting as unhandled meanwhile.
    p.catch(() => undefined);
    saving.push(p);
    // Huge records are written before the parser reads on: two of them in memory at once (each a
    // parsed copy, its JSON and its statement) would not fit a worker's bounded heap.
    if (inFlightChars >= MAX_IN_FLIGHT_CHARS) while (saving.length) await saving.shift();
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      await db().uploadFile.update({ where: { id: file.id }, data: { ...tally } });
    }
  };
  const finish = async (status: "parsed" | "failed") => {
    // Lines the guard dropped before the parser saw them are rejections like any other.
    const dropped = source.droppedLines();
    tally.rejected += dropped.count;
    const all = [...issues, ...dropped.issues.map((d) => ({ file: file.name, line: d.line, reason: d.reason }))];
    all.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    await db().uploadFile.update({ where: { id: file.id }, data: { status, format: format.id, ...tally, issues: toJson(all.slice(0, MAX_ISSUES_PER_FILE)) } });
  };

  source.resetDroppedLines();
  try {
    for await (const item of format.parse(source, DEFAULT_PARSE_OPTIONS)) {
      if (item.kind === "rejected") {
        tally.rejected++;
        if (issues.length < MAX_ISSUES_PER_FILE) issues.push({ ...item.issue, file: item.issue.file || file.name });
        continue;
      }
      batch.push({ trajectory: item.trajectory, format: format.id, sourceFile: file.name, line: item.line, record: item.record });
      batchSteps += item.trajectory.steps.length;
      batchChars += item.trajectory.instruction.length;
      for (const s of item.trajectory.steps) batchChars += s.text.length;
      if (batch.length >= BATCH_TRAJECTORIES || batchSteps >= BATCH_STEPS || batchChars >= BATCH_TEXT_CHARS) await save();
    }
    await save();
    while (saving.length) await saving.shift();
    await finish("parsed");
  } catch (e) {
    // A parser bug, an unreadable file or a failed write must not lose what was already saved, nor
    // stop the other files.
    await save().catch(() => undefined);
    await Promise.allSettled(saving);
    tally.rejected++;
    issues.push({ file: file.name, reason: `Import of this file stopped: ${e instanceof Error ? e.message : String(e)}` });
    await finish("failed");
  }
}
