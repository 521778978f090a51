import { isUtf8 } from "node:buffer";
import type { TProbe } from "../../traces/format";
import type { TDroppedLines } from "./upload-sources";

// Why no format claimed a file, in words the uploader can act on: empty, an image or another binary
// file, a compressed or nested archive, JSON that does not parse (with where, and whether the file
// looks cut off), or a structure no importer knows.

const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: "a GIF image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "a program (ELF executable)" },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: "an SQLite database" },
];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** A text file cut at the 64 KiB head may end inside a character; ignore the last 3 bytes. */
function isUtf8Head(head: Uint8Array): boolean {
  return isUtf8(head.length > 4 ? head.subarray(0, head.length - 3) : head);
}

export type TFileFacts = {
  probe: TProbe;
  dropped: TDroppedLines;
  /** Set when the file is inside a .zip. */
  archive?: string | null;
  /** The message of JSON.parse on the whole file, when it starts like JSON and is small enough to parse. */
  jsonError?: string;
  supported: string[];
};

/** The upload report's reason for a file no format claimed. */
export function explainUndetected(f: TFileFacts): string {
  const { probe } = f;
  const bytes = probe.bytes;
  const forceHint = `Supported: ${f.supported.join(", ")}. If you know the format, choose it under "Force format" and upload again.`;
  if (probe.size === 0) return "The file is empty (0 bytes): there is nothing to import.";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return f.archive
      ? `This is a zip archive inside the archive ${f.archive}; archives inside archives are not expanded. Upload it on its own.`
      : "This is a zip archive whose name does not end in .zip. Rename it to .zip to have its files imported.";
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return "This file is gzip-compressed. Decompress it (or put it in a .zip) and upload it again.";
  const magic = MAGIC.find((m) => startsWith(bytes, m.bytes));
  if (magic) return `This is ${magic.what}, not an agent trace. Traces are text files: JSON, JSONL, YAML or Markdown.`;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return "The file is UTF-16 encoded. Save it as UTF-8 and upload it again.";
  // Text never contains NUL bytes; a file that only fails UTF-8 is text in another encoding.
  if (bytes.includes(0)) return "This is a binary file, not an agent trace. Traces are text files: JSON, JSONL, YAML or Markdown.";
  if (!isUtf8Head(bytes)) {
    const first = f.dropped.issues[0];
    return `The file is not UTF-8 text (Latin-1 or Windows-1252?)${first ? `; ${f.dropped.count} line(s) could not be read, the first: ${first.reason}` : ". Save it as UTF-8 and upload it again."}`;
  }
  const text = probe.head.trim();
  if (!text) return "The file contains only blank lines: there is nothing to import.";
  if (f.dropped.count && !probe.lines.some((l) => l !== undefined)) {
    return `Could not tell which trace format this file is, because the lines read for detection were skipped: ${f.dropped.issues[0]?.reason ?? "too long or not UTF-8"}`;
  }
  if (f.jsonError) {
    const cut = /end of JSON input|Unterminated/i.test(f.jsonError) ? " The file seems to be cut off (an interrupted download or copy?)." : "";
    return `The file looks like JSON but is not valid JSON: ${f.jsonError}.${cut}`;
  }
  if (probe.json !== undefined || probe.lines.some((l) => l !== undefined)) {
    const sample = probe.json ?? probe.lines.find((l) => l !== undefined);
    const keys = sample && typeof sample === "object" && !Array.isArray(sample) ? Object.keys(sample).slice(0, 8) : [];
    const shape = Array.isArray(sample) ? "a JSON array" : keys.length ? `JSON with the keys ${keys.join(", ")}` : "JSON";
    return `Could not tell which trace format this file is: it is ${shape}, which matches none of the supported formats. ${forceHint}`;
  }
  return `Could not tell which trace format this file is. ${forceHint}`;
}

/** Whether the file starts like a JSON document (so a parse error is worth showing). */
export function looksLikeJson(probe: TProbe): boolean {
  return /^[[{]/.test(probe.head.trimStart());
}
