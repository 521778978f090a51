import { isUtf8 } from "node:buffer";

// Every text file a parser reads passes through this guard first, so no parser ever has to hold a
// huge record or decode broken bytes: a line longer than the record limit is dropped without being
// buffered past the limit, a line that is not valid UTF-8 is dropped instead of being silently
// decoded into U+FFFD, and each is recorded with its line number for the upload report. A dropped
// line leaves its newline, so line numbers stay true for the parser.

/**
 * Largest line (one JSONL record, or a whole document written on one line) a parser is given:
 * a parsed record takes several times its size in memory, so this keeps an import well under the
 * memory budget while allowing tool outputs of tens of megabytes.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** The lines one read of a file dropped; only the first few reasons are kept, the count is exact. */
export class LineLog {
  static readonly MAX_KEPT = 200;
  readonly reasons = new Map<number, string>();
  count = 0;

  record(line: number, reason: string): void {
    this.count++;
    if (this.reasons.size < LineLog.MAX_KEPT) this.reasons.set(line, reason);
  }
}

const NEWLINE = Buffer.from("\n");
const BOM = [0xef, 0xbb, 0xbf];
const MIB = 1024 * 1024;

export function formatMb(bytes: number): string {
  const mb = bytes / MIB;
  return mb >= 10 ? String(Math.round(mb)) : String(Math.round(mb * 10) / 10);
}

/** Where the first invalid UTF-8 sequence starts (0-based byte offset), for a message the user can act on. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= buf.length || (buf[i + k] & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points above U+10FFFF.
    const b1 = buf[i + 1];
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

export function invalidUtf8Reason(line: number, bytes: Buffer): string {
  const at = Math.max(0, firstInvalidUtf8(bytes));
  const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  return `line ${line} is not valid UTF-8 text (byte 0x${hex} at position ${at + 1}); the line was skipped. Save the file as UTF-8 and upload it again.`;
}

export function tooLongReason(line: number, bytes: number, limit: number): string {
  return `line ${line} is too long (${formatMb(bytes)} MB, limit ${formatMb(limit)} MB); the line was skipped. Split the record or shorten its largest texts.`;
}

/** Passes `input` through, blanking over-long and non-UTF-8 lines and recording them in `log`. */
export async function* guardLines(input: AsyncIterable<Uint8Array>, log: LineLog, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let dropped = 0; // > 0 while skipping an over-long line
  let line = 1;

  // Returns the pieces to emit for the line that just ended.
  const endLine = (): Buffer[] => {
    let out: Buffer[] = [];
    if (dropped) {
      log.record(line, tooLongReason(line, dropped, maxLineBytes));
    } else if (partBytes) {
      let bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, partBytes);
      // A byte-order mark (Windows editors) is not part of the first record.
      if (line === 1 && BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(3);
      if (isUtf8(bytes)) out = [bytes];
      else log.record(line, invalidUtf8Reason(line, bytes));
    }
    parts = [];
    partBytes = 0;
    dropped = 0;
    line++;
    return out;
  };

  for await (const raw of input) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: Buffer[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (dropped) dropped += piece.length;
      else if (partBytes + piece.length > maxLineBytes) {
        dropped = partBytes + piece.length;
        parts = [];
        partBytes = 0;
      } else if (piece.length) {
        parts.push(piece);
        partBytes += piece.length;
      }
      if (nl < 0) break;
      out.push(...endLine(), NEWLINE);
      start = nl + 1;
    }
    if (out.length) yield out.length === 1 ? out[0] : Buffer.concat(out);
  }
  const last = endLine();
  if (last.length) yield last[0];
}
