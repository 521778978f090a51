import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { performance } from "node:perf_hooks";
import { db, disconnectDb } from "../db/client";
import { runImport } from "../pools/import/run-import";
import { storeFile } from "../pools/import/upload-store";
import { createUpload, getUploadReport } from "../pools/uploads";

// One measured run, in its own process so that its peak RSS is its own: either the baseline (read
// the file line by line and JSON.parse each line, nothing else) or a real import of the file
// through the product's pipeline (createUpload → storeFile → runImport) into DATABASE_URL.
// Prints one JSON line with the figures.

export type TChildResult = {
  mode: "baseline" | "import";
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

const [mode, file] = process.argv.slice(2);
if ((mode !== "baseline" && mode !== "import") || !file) {
  console.error("usage: bench-child.ts baseline|import <file.jsonl>");
  process.exit(2);
}
const result = mode === "baseline" ? await runBaseline(file) : await runPipeline(file);
console.log(JSON.stringify(result));
