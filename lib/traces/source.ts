import fs from "node:fs";
import readline from "node:readline";
import { Readable } from "node:stream";

// What a format parser reads: one uploaded file (or one entry of an uploaded .zip), plus lookups of
// files beside it, for formats that spread one trajectory over several files (Claude Code
// sub-agents, ATIF continuations, Harbor result.json).

export type TSourceFile = {
  /** Path inside the upload, "/"-separated (e.g. "run-1/agent/trajectory.json"). */
  name: string;
  size: number;
  /** The first bytes, for detection (at most 64 KiB). */
  head(): Promise<Uint8Array>;
  /** The whole file as a byte stream. */
  stream(): Readable;
  /** Another file of the same upload by its path, or undefined. */
  sibling(name: string): Promise<TSourceFile | undefined>;
  /** Every path of the same upload (for discovering related files). */
  listNames(): string[];
};

const HEAD_BYTES = 64 * 1024;

export async function readText(file: TSourceFile): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream()) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

export async function readBytes(file: TSourceFile): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream()) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Lines of a text file, 1-based, streamed: a JSONL file of any size is read in constant memory. */
export async function* readLines(file: TSourceFile): AsyncGenerator<{ line: number; text: string }> {
  const rl = readline.createInterface({ input: file.stream(), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    yield { line, text };
  }
}

export async function headText(file: TSourceFile): Promise<string> {
  return Buffer.from(await file.head()).toString("utf8");
}

/** A set of in-memory files (tests, small uploads, zip entries already inflated). */
export function memoryFiles(files: Record<string, string | Uint8Array>): TSourceFile[] {
  const names = Object.keys(files);
  const make = (name: string): TSourceFile => {
    const data = files[name];
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    return {
      name,
      size: buf.length,
      head: async () => buf.subarray(0, HEAD_BYTES),
      stream: () => Readable.from([buf]),
      sibling: async (n) => (n in files ? make(n) : undefined),
      listNames: () => names,
    };
  };
  return names.map(make);
}

/** Files on disk under a root directory, named by their path relative to it. */
export function diskFiles(root: string, relativeNames: string[]): TSourceFile[] {
  const known = new Set(relativeNames);
  const make = (name: string): TSourceFile => {
    const full = `${root}/${name}`;
    return {
      name,
      size: fs.statSync(full).size,
      head: async () => {
        const fd = await fs.promises.open(full, "r");
        try {
          const buf = Buffer.alloc(HEAD_BYTES);
          const { bytesRead } = await fd.read(buf, 0, HEAD_BYTES, 0);
          return buf.subarray(0, bytesRead);
        } finally {
          await fd.close();
        }
      },
      stream: () => fs.createReadStream(full),
      sibling: async (n) => (known.has(n) && fs.existsSync(`${root}/${n}`) ? make(n) : undefined),
      listNames: () => [...known],
    };
  };
  return relativeNames.map(make);
}
