import readline from "node:readline";
import { Readable } from "node:stream";
import { db } from "../db/client";
import { AppError } from "../errors";
import { openStoredFile } from "../pools/import/upload-store";
import { iterateSteps, trajectoryInWorkspace } from "./steps";

// Downloads stream: neither the normalized JSON of a 50 MB trace nor its source file is built in
// memory.

const encoder = new TextEncoder();

function streamOf(gen: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await gen.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}

export async function downloadNormalized(workspaceId: string, id: string): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const t = await trajectoryInWorkspace(workspaceId, id);
  const { stepCount: _s, searchText: _q, pool: _p, ...rest } = t;
  const head = { ...rest, createdAt: t.createdAt.toISOString() };
  async function* parts() {
    yield `${JSON.stringify(head, null, 2).replace(/\n}$/, "")},\n  "steps": [\n`;
    let first = true;
    for await (const s of iterateSteps(id)) {
      yield `${first ? "" : ",\n"}    ${JSON.stringify(s)}`;
      first = false;
    }
    yield "\n  ]\n}\n";
  }
  return { filename: `${safe(t.externalId)}.normalized.json`, body: streamOf(parts()) };
}

function safe(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, "_").slice(0, 100) || "trajectory";
}

/** The source record: its line for line-based files, else the whole source file. */
export async function downloadOriginal(workspaceId: string, id: string): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const t = await trajectoryInWorkspace(workspaceId, id);
  const file = t.uploadId && t.sourceFile ? await db().uploadFile.findFirst({ where: { uploadId: t.uploadId, name: t.sourceFile } }) : null;
  if (!file) throw new AppError("not_found:original", "The original file of this trajectory is no longer stored.");
  const base = safe(file.name.split("/").pop() ?? "original");
  if (t.sourceLine) {
    const line = t.sourceLine;
    async function* oneLine() {
      const rl = readline.createInterface({ input: openStoredFile(file!.id), crlfDelay: Infinity });
      let n = 0;
      for await (const text of rl) {
        if (++n === line) {
          yield `${text}\n`;
          break;
        }
      }
      rl.close();
    }
    return { filename: `${base}.line-${line}.json`, body: streamOf(oneLine()) };
  }
  const body = Readable.toWeb(openStoredFile(file.id)) as ReadableStream<Uint8Array>;
  return { filename: base, body };
}
