import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { db } from "../../db/client";
import { AppError } from "../../errors";

// Uploaded bytes live in the database in 1 MiB chunks: any worker on any machine can read them,
// a file of any size passes through in constant memory, and each chunk is its own short write
// (PGlite serialises transactions, so nothing long may hold one). Text chunks are stored DEFLATE-
// compressed (see UploadChunk.compressed).

export const CHUNK_BYTES = 1024 * 1024;
/** A chunk is stored compressed only when that saves at least 10%. */
const MIN_SAVING = 0.9;

const deflateRaw = promisify(zlib.deflateRaw);
const inflateRaw = promisify(zlib.inflateRaw);

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
  private writing: Promise<void> = Promise.resolve();

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

  // One chunk is written while the next is compressed and the one after is filled: the upload
  // streams at the speed of the slowest side instead of the sum of all (compression runs on libuv's
  // thread pool). At most two chunks wait in memory besides the one being filled.
  private async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const raw = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const packing = deflateRaw(raw, { level: 1 });
    // Awaited below once the previous write is done; this keeps a failure from counting as unhandled meanwhile.
    packing.catch(() => undefined);
    await this.writing;
    const seq = this.seq++;
    this.writing = (async () => {
      const packed = await packing;
      // Already-compressed files (zips, images) do not shrink: keep those bytes as they are.
      const compressed = packed.length < raw.length * MIN_SAVING;
      const data = compressed ? packed : raw;
      await db().$executeRaw`INSERT INTO "upload_chunks" ("fileId", "seq", "data", "compressed") VALUES (${this.fileId}, ${seq}, ${data}, ${compressed})`;
    })();
    // Surfaces on the next write or on close; this keeps it from counting as unhandled meanwhile.
    this.writing.catch(() => undefined);
  }

  async close(): Promise<TStoredFile> {
    await this.flush();
    await this.writing;
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

/** One chunk's original bytes, or undefined past the end. */
export async function fetchChunk(fileId: string, seq: number): Promise<Buffer | undefined> {
  const rows = await db().$queryRaw<{ data: Uint8Array; compressed: boolean }[]>`SELECT "data", "compressed" FROM "upload_chunks" WHERE "fileId" = ${fileId} AND "seq" = ${seq}`;
  if (!rows[0]) return undefined;
  const { data, compressed } = rows[0];
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return compressed ? inflateRaw(bytes) : bytes;
}

/** The bytes of a stored file, chunk by chunk; the next chunk is fetched while this one is consumed. */
export function openStoredFile(fileId: string): Readable {
  return Readable.from(
    (async function* () {
      let next = fetchChunk(fileId, 0);
      for (let seq = 1; ; seq++) {
        const chunk = await next;
        if (!chunk) return;
        next = fetchChunk(fileId, seq);
        // A reader that stops early (detection) never awaits the prefetch.
        next.catch(() => undefined);
        yield chunk;
      }
    })(),
    // One chunk ahead is enough (the fetch prefetches another): the default of 16 would hold 16 MiB.
    { highWaterMark: 1 },
  );
}

