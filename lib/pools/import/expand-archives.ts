import { Unzip, UnzipInflate } from "fflate";
import { db } from "../../db/client";
import { ChunkWriter, openStoredFile, safeName } from "./upload-store";

// A .zip upload is expanded into its entries, each stored as its own file named
// "<archive name without .zip>/<entry path>", so formats spread over several files (sub-agent logs,
// continuations, grader results) find their siblings. Streamed: at most one inflated input chunk
// is in memory. Inspect's .eval files are zips too but are a format of their own, so only *.zip expands.

const MAX_ENTRY_BYTES = 4 * 1024 ** 3;
const MAX_TOTAL_BYTES = 16 * 1024 ** 3;
const IGNORED = /(^|\/)(__MACOSX|\.DS_Store|Thumbs\.db)(\/|$)/;

export type TArchiveIssue = { entry: string; reason: string };

type TEvent = { kind: "start"; name: string } | { kind: "data"; data: Uint8Array; final: boolean } | { kind: "error"; reason: string };

export async function expandArchive(uploadId: string, file: { id: string; name: string }): Promise<{ entries: number; issues: TArchiveIssue[] }> {
  const base = file.name.replace(/\.zip$/i, "");
  const issues: TArchiveIssue[] = [];
  let events: TEvent[] = [];
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (entry) => {
    if (entry.name.endsWith("/") || IGNORED.test(entry.name)) return;
    events.push({ kind: "start", name: entry.name });
    entry.ondata = (err, data, final) => {
      if (err) events.push({ kind: "error", reason: err.message });
      else events.push({ kind: "data", data, final });
    };
    entry.start();
  };

  let writer: ChunkWriter | undefined;
  let skipping = false;
  let currentName = "";
  let entries = 0;
  let total = 0;
  const handle = async (ev: TEvent) => {
    if (ev.kind === "start") {
      currentName = ev.name;
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
    if (writer.bytesWritten + ev.data.length > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES) {
      issues.push({ entry: currentName, reason: "Skipped: the entry inflates beyond the size limit (possible zip bomb)." });
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
      unzip.push(chunk as Uint8Array);
      const batch = events;
      events = [];
      for (const ev of batch) await handle(ev);
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
