import { Unzip, UnzipInflate } from "fflate";
import { db } from "../../db/client";
import { formatMb } from "./line-guard";
import { ChunkWriter, openStoredFile, safeName } from "./upload-store";

// A .zip upload is expanded into its entries, each stored as its own file named
// "<archive name without .zip>/<entry path>", so formats spread over several files (sub-agent logs,
// continuations, grader results) find their siblings. Streamed: the archive is fed to the inflater
// in small slices, because deflate expands up to ~1000×, so one 1 MiB chunk of a zip bomb would
// inflate to a gigabyte at once. Inspect's .eval files are zips too but are a format of their own,
// so only *.zip expands.

export type TArchiveLimits = {
  /** Largest inflated entry; a bigger one is skipped as a likely zip bomb. */
  maxEntryBytes: number;
  /** Largest inflated total of one archive. */
  maxTotalBytes: number;
};

export const ARCHIVE_LIMITS: TArchiveLimits = { maxEntryBytes: 4 * 1024 ** 3, maxTotalBytes: 16 * 1024 ** 3 };

/** At most ~1000× this is inflated per push (16 MiB). */
const PUSH_BYTES = 16 * 1024;
const IGNORED = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db)(\/|$)/;

export type TArchiveIssue = { entry: string; reason: string };

type TEvent = { kind: "start"; name: string; stop: () => void } | { kind: "too-big"; name: string; size: number } | { kind: "data"; data: Uint8Array; final: boolean } | { kind: "error"; reason: string };

export async function expandArchive(uploadId: string, file: { id: string; name: string }, limits: TArchiveLimits = ARCHIVE_LIMITS): Promise<{ entries: number; issues: TArchiveIssue[] }> {
  const base = file.name.replace(/\.zip$/i, "");
  const issues: TArchiveIssue[] = [];
  let events: TEvent[] = [];
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (entry) => {
    if (entry.name.endsWith("/") || IGNORED.test(entry.name)) return;
    // The size in the header can lie (the byte count below is what counts), but when it already
    // says "too big" nothing needs inflating at all.
    if (entry.originalSize !== undefined && entry.originalSize > limits.maxEntryBytes) {
      events.push({ kind: "too-big", name: entry.name, size: entry.originalSize });
      return;
    }
    events.push({ kind: "start", name: entry.name, stop: () => entry.terminate() });
    entry.ondata = (err, data, final) => {
      if (err) events.push({ kind: "error", reason: err.message });
      else events.push({ kind: "data", data, final });
    };
    entry.start();
  };

  let writer: ChunkWriter | undefined;
  let skipping = false;
  let currentName = "";
  let stopEntry = () => {};
  let entries = 0;
  let total = 0;
  const entryTooBig = (size?: number) =>
    `Skipped: this entry ${size ? `would inflate to ${formatMb(size)} MB` : "inflates to more than"}${size ? ", more than" : ""} the limit of ${formatMb(limits.maxEntryBytes)} MB per file (possible zip bomb).`;
  const totalTooBig = () => `Skipped: the archive's entries inflate to more than the limit of ${formatMb(limits.maxTotalBytes)} MB in total (possible zip bomb).`;
  const handle = async (ev: TEvent) => {
    if (ev.kind === "too-big") {
      issues.push({ entry: ev.name, reason: entryTooBig(ev.size) });
      return;
    }
    if (ev.kind === "start") {
      currentName = ev.name;
      stopEntry = ev.stop;
      skipping = false;
      let name: string;
      try {
        name = safeName(`${base}/${ev.name}`);
        if (safeName(ev.name) !== ev.name.replace(/\\/g, "/").replace(/^\.\//, "")) throw new Error("unsafe");
      } catch {
        // Zip-slip: entries like ../../etc/passwd never become files.
        issues.push({ entry: ev.name, reason: "Skipped: the entry's path points outside the archive." });
        skipping = true;
        return;
      }
      writer = await ChunkWriter.open(uploadId, name, file.name);
      return;
    }
    if (ev.kind === "error") {
      issues.push({ entry: currentName, reason: `Could not inflate this entry: ${ev.reason}` });
      skipping = true;
      if (writer) await db().uploadFile.delete({ where: { id: writer.fileId } }).catch(() => undefined);
      writer = undefined;
      return;
    }
    if (skipping || !writer) return;
    total += ev.data.length;
    const entryOver = writer.bytesWritten + ev.data.length > limits.maxEntryBytes;
    if (entryOver || total > limits.maxTotalBytes) {
      issues.push({ entry: currentName, reason: entryOver ? entryTooBig() : totalTooBig() });
      // Stop inflating the rest of this entry: it would only be thrown away.
      stopEntry();
      await db().uploadFile.delete({ where: { id: writer.fileId } }).catch(() => undefined);
      writer = undefined;
      skipping = true;
      return;
    }
    await writer.write(ev.data);
    if (ev.final) {
      await writer.close();
      writer = undefined;
      entries++;
    }
  };

  try {
    for await (const chunk of openStoredFile(file.id)) {
      const bytes = chunk as Uint8Array;
      for (let at = 0; at < bytes.length; at += PUSH_BYTES) {
        unzip.push(bytes.subarray(at, at + PUSH_BYTES));
        const batch = events;
        events = [];
        for (const ev of batch) await handle(ev);
      }
    }
    unzip.push(new Uint8Array(0), true);
    for (const ev of events) await handle(ev);
  } catch (e) {
    issues.push({ entry: currentName || file.name, reason: `The archive is damaged or not a zip file: ${e instanceof Error ? e.message : String(e)}` });
  }
  if (writer) {
    // The archive ended inside an entry: keep nothing half-written.
    await db().uploadFile.delete({ where: { id: writer.fileId } }).catch(() => undefined);
    issues.push({ entry: currentName, reason: "The archive ends in the middle of this entry (truncated upload?)." });
  }
  return { entries, issues };
}
