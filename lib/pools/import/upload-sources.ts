import { Readable } from "node:stream";
import type { TSourceFile } from "../../traces/source";
import { db } from "../../db/client";
import { guardLines, LineLog, MAX_LINE_BYTES } from "./line-guard";
import { fetchChunk, openStoredFile } from "./upload-store";

// The stored files of an upload as parser sources (lib/traces/source.ts). Text files reach the
// parsers through the line guard, so no parser is handed a line beyond the record limit or bytes
// that are not UTF-8; what the guard drops is kept per file for the upload report.

const HEAD_BYTES = 64 * 1024;

async function readHead(fileId: string): Promise<Uint8Array> {
  return (await fetchChunk(fileId, 0))?.subarray(0, HEAD_BYTES) ?? new Uint8Array();
}

/** Zip containers (.zip, Inspect .eval) are binary: only text files go through the line guard. */
function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

function guardedStream(fileId: string, log: LineLog, maxLineBytes: number): Readable {
  return Readable.from(
    (async function* () {
      const raw = openStoredFile(fileId)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const first = await raw.next();
      if (first.done) return;
      const rest = { [Symbol.asyncIterator]: () => raw };
      if (isZip(first.value)) {
        yield first.value;
        yield* rest;
        return;
      }
      yield* guardLines((async function* () {
        yield first.value;
        yield* rest;
      })(), log, maxLineBytes);
    })(),
    // One chunk ahead is enough (the fetch prefetches another): the default of 16 would hold 16 MiB.
    { highWaterMark: 1 },
  );
}

export type TDroppedLines = { count: number; issues: { line: number; reason: string }[] };

export type TUploadSource = TSourceFile & {
  id: string;
  /** Lines the guard dropped (too long, not UTF-8) in the reads since the last reset. */
  droppedLines(): TDroppedLines;
  resetDroppedLines(): void;
};

/** The stored files of an upload as parser sources; siblings resolve within the same upload. */
export async function uploadSources(uploadId: string, opts: { maxLineBytes?: number } = {}): Promise<Map<string, TUploadSource>> {
  const rows = await db().uploadFile.findMany({ where: { uploadId }, select: { id: true, name: true, size: true }, orderBy: { name: "asc" } });
  const byName = new Map<string, TUploadSource>();
  const names = rows.map((r) => r.name);
  for (const r of rows) {
    // A parser may read a file more than once (try the whole document, then lines): each read has
    // its own log, and the report takes the union of lines and the largest count.
    let logs: LineLog[] = [];
    byName.set(r.name, {
      id: r.id,
      name: r.name,
      size: Number(r.size),
      head: () => readHead(r.id),
      stream: () => {
        const log = new LineLog();
        logs.push(log);
        return guardedStream(r.id, log, opts.maxLineBytes ?? MAX_LINE_BYTES);
      },
      sibling: async (n) => byName.get(n),
      listNames: () => names,
      droppedLines: () => {
        const reasons = new Map(logs.flatMap((l) => [...l.reasons]));
        const issues = [...reasons].sort((a, b) => a[0] - b[0]).map(([line, reason]) => ({ line, reason }));
        return { count: Math.max(0, ...logs.map((l) => l.count)), issues };
      },
      resetDroppedLines: () => {
        logs = [];
      },
    });
  }
  return byName;
}
