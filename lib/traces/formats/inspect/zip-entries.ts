import { Unzip, UnzipInflate } from "fflate";
import type { TSourceFile } from "../../source";

// Streams selected entries out of a ZIP upload: the archive is pushed through fflate's streaming
// Unzip chunk by chunk and only accepted entries are inflated, so a large `.eval` log is never held
// whole — at most the entries completed by one input chunk wait to be consumed.

export type TZipEntry = { name: string; data: Uint8Array };

export async function* streamZipEntries(file: TSourceFile, accept: (name: string) => boolean): AsyncGenerator<TZipEntry> {
  const ready: TZipEntry[] = [];
  let failure: Error | undefined;
  const unzip = new Unzip((entry) => {
    if (!accept(entry.name)) return; // never started → skipped without inflating
    const chunks: Uint8Array[] = [];
    entry.ondata = (err, data, final) => {
      if (err) {
        failure = err;
        return;
      }
      chunks.push(data);
      if (final) ready.push({ name: entry.name, data: concatChunks(chunks) });
    };
    try {
      entry.start();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
  });
  unzip.register(UnzipInflate);

  const stream = file.stream();
  try {
    for await (const chunk of stream) {
      unzip.push(chunk instanceof Uint8Array ? chunk : Buffer.from(chunk as string));
      if (failure) throw failure;
      while (ready.length) yield ready.shift()!;
    }
    unzip.push(new Uint8Array(0), true);
    if (failure) throw failure;
    while (ready.length) yield ready.shift()!;
  } finally {
    stream.destroy();
  }
}

function concatChunks(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
