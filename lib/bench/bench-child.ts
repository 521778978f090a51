import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { db, disconnectDb } from "../db/client";
import { runImport } from "../pools/import/run-import";
import { storeFile } from "../pools/import/upload-store";
import { createUpload, getUploadReport } from "../pools/uploads";

// One measured run, in its own process so that its peak RSS is its own: the baseline (read the file
// line by line and JSON.parse each line, nothing else), a real import of the file through the
// product's pipeline (createUpload → storeFile → runImport) into DATABASE_URL, or a floor: the file's
// lines COPYed as they are into a bare text column of DATABASE_URL (no parsing, no index), which is
// less than any importer that keeps the data in that database can pay. Prints one JSON line.

export type TChildMode = "baseline" | "import" | "floor" | "floor-lz4";

export type TChildResult = {
  mode: TChildMode;
  wallMs: number;
  storeMs: number;
  importMs: number;
  records: number;
  imported: number;
  duplicates: number;
  rejected: number;
  peakRssBytes: number;
  /** CPU time of this process (user + system), to tell the importer's share from the database's. */
  cpuMs: number;
};

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function runBaseline(file: string): Promise<TChildResult> {
  const cpu0 = cpuMs();
  const t0 = performance.now();
  let records = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const text of rl) {
    if (!text) continue;
    JSON.parse(text);
    records++;
  }
  const wallMs = performance.now() - t0;
  return { mode: "baseline", wallMs, storeMs: 0, importMs: wallMs, records, imported: 0, duplicates: 0, rejected: 0, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: cpuMs() - cpu0 };
}

// COPY in CSV form with a quote and a delimiter that JSON text never holds raw (JSON escapes every
// control character), so each line arrives verbatim as one value. "floor-lz4" compresses the column
// with lz4 instead of the server's default (pglz unless configured), the cheapest TOAST there is.
async function runFloor(file: string, lz4: boolean): Promise<TChildResult> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`CREATE TABLE "bench_floor" ("line" text${lz4 ? " COMPRESSION lz4" : ""})`);
    const cpu0 = cpuMs();
    const t0 = performance.now();
    const copy = client.query(copyFrom(`COPY "bench_floor" ("line") FROM STDIN WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')`));
    await pipeline(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), copy);
    const wallMs = performance.now() - t0;
    const records = copy.rowCount;
    return { mode: lz4 ? "floor-lz4" : "floor", wallMs, storeMs: wallMs, importMs: 0, records, imported: records, duplicates: 0, rejected: 0, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: cpuMs() - cpu0 };
  } finally {
    await client.query(`DROP TABLE IF EXISTS "bench_floor"`).catch(() => undefined);
    await client.end();
  }
}

async function runPipeline(file: string): Promise<TChildResult> {
  const slug = `bench-${process.pid}-${Date.now().toString(36)}`;
  const ws = await db().workspace.create({ data: { slug, name: "Import benchmark" } });
  const pool = await db().pool.create({ data: { workspaceId: ws.id, name: "bench" } });
  const principal = { kind: "api_key" as const, keyId: "bench", workspaceId: ws.id, role: "admin" as const, name: "import benchmark" };

  const cpu0 = cpuMs();
  const t0 = performance.now();
  const upload = await createUpload(ws.id, pool.name, principal, {});
  await storeFile(upload.id, path.basename(file), fs.createReadStream(file, { highWaterMark: 1024 * 1024 }));
  await db().upload.update({ where: { id: upload.id }, data: { status: "processing" } });
  const t1 = performance.now();
  await runImport(upload.id);
  const t2 = performance.now();

  const report = await getUploadReport(ws.id, upload.id);
  const records = report.files.reduce((n, f) => n + f.imported + f.duplicates + f.rejected, 0);
  await disconnectDb();
  return { mode: "import", wallMs: t2 - t0, storeMs: t1 - t0, importMs: t2 - t1, records, imported: report.imported, duplicates: report.duplicates, rejected: report.rejected, peakRssBytes: process.resourceUsage().maxRSS * 1024, cpuMs: cpuMs() - cpu0 };
}

const MODES: Record<TChildMode, (file: string) => Promise<TChildResult>> = {
  baseline: runBaseline,
  import: runPipeline,
  floor: (file) => runFloor(file, false),
  "floor-lz4": (file) => runFloor(file, true),
};
const [mode, file] = process.argv.slice(2) as [TChildMode, string];
if (!MODES[mode] || !file) {
  console.error(`usage: bench-child.ts ${Object.keys(MODES).join("|")} <file.jsonl>`);
  process.exit(2);
}
const result = await MODES[mode](file);
console.log(JSON.stringify(result));
