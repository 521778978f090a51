import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import type { TSourceFile } from "../../traces/source";

// Uploaded bytes live in the database in 1 MiB chunks: any worker on any machine can read them,
// a file of any size passes through in constant memory, and each chunk is its own short write
// (PGlite serialises transactions, so nothing long may hold one).

export const CHUNK_BYTES = 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

/** Normalizes an upload path: "/"-separated, no leading slash, no "." or ".." segments. */
export function safeName(name: string): string {
  const parts = name.replace(/\\/g, "/").split("/").filter((p) => p && p !== ".");
  if (parts.some((p) => p === "..")) throw new AppError("invalid_input:file_name", `The file name ${JSON.stringify(name)} points outside the upload.`);
  const clean = parts.join("/");
  if (!clean || clean.length > 500) throw new AppError("invalid_input:file_name", "File names must be 1–500 characters.");
  return clean;
}

export type TStoredFile = { id: string; name: string; size: number; sha256: string };

/** Writes one file's bytes as they arrive; `close()` records size and hash. */
export class ChunkWriter {
  private readonly hash = createHash("sha256");
  private size = 0;
  private seq = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  private constructor(readonly fileId: string, readonly name: string) {}

  /** Starts a new UploadFile; replaces an earlier partial file of the same name (a retried upload). */
  static async open(uploadId: string, rawName: string, archive?: string): Promise<ChunkWriter> {
    const name = safeName(rawName);
    await db().uploadFile.deleteMany({ where: { uploadId, name } });
    const file = await db().uploadFile.create({ data: { uploadId, name, archive } });
    return new ChunkWriter(file.id, name);
  }

  get bytesWritten(): number {
    return this.size;
  }

  async write(chunk: Uint8Array): Promise<void> {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.hash.update(buf);
    this.size += buf.length;
    let offset = 0;
    while (offset < buf.length) {
      const take = Math.min(CHUNK_BYTES - this.pendingBytes, buf.length - offset);
      // Copy: the caller may reuse its buffer (fflate does) before the chunk is written.
      this.pending.push(Buffer.from(buf.subarray(offset, offset + take)));
      this.pendingBytes += take;
      offset += take;
      if (this.pendingBytes === CHUNK_BYTES) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await db().uploadChunk.create({ data: { fileId: this.fileId, seq: this.seq++, data } });
  }

  async close(): Promise<TStoredFile> {
    await this.flush();
    const sha256 = this.hash.digest("hex");
    await db().uploadFile.update({ where: { id: this.fileId }, data: { size: BigInt(this.size), sha256 } });
    return { id: this.fileId, name: this.name, size: this.size, sha256 };
  }
}

/** Streams bytes into a new UploadFile. */
export async function storeFile(uploadId: string, rawName: string, input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, archive?: string): Promise<TStoredFile> {
  const writer = await ChunkWriter.open(uploadId, rawName, archive);
  for await (const chunk of input) await writer.write(chunk);
  return writer.close();
}

/** The bytes of a stored file, chunk by chunk. */
export function openStoredFile(fileId: string): Readable {
  return Readable.from(
    (async function* () {
      for (let seq = 0; ; seq++) {
        const chunk = await db().uploadChunk.findUnique({ where: { fileId_seq: { fileId, seq } }, select: { data: true } });
        if (!chunk) return;
        yield Buffer.from(chunk.data);
      }
    })(),
  );
}

async function readHead(fileId: string): Promise<Uint8Array> {
  const chunk = await db().uploadChunk.findUnique({ where: { fileId_seq: { fileId, seq: 0 } }, select: { data: true } });
  return chunk ? Buffer.from(chunk.data).subarray(0, HEAD_BYTES) : new Uint8Array();
}

/** The stored files of an upload as parser sources; siblings resolve within the same upload. */
export async function uploadSources(uploadId: string): Promise<Map<string, TSourceFile & { id: string }>> {
  const rows = await db().uploadFile.findMany({ where: { uploadId }, select: { id: true, name: true, size: true }, orderBy: { name: "asc" } });
  const byName = new Map<string, TSourceFile & { id: string }>();
  const names = rows.map((r) => r.name);
  for (const r of rows) {
    byName.set(r.name, {
      id: r.id,
      name: r.name,
      size: Number(r.size),
      head: () => readHead(r.id),
      stream: () => openStoredFile(r.id),
      sibling: async (n) => byName.get(n),
      listNames: () => names,
    });
  }
  return byName;
}
