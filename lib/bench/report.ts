import type { TChildResult } from "./bench-child";

// The benchmark's printout: one row per run, then the issue's targets (ratio ≥ 0.5 to the baseline
// on PostgreSQL, peak RSS < 512 MB) with whether each is met, and the ratio the floor runs show
// this machine's PostgreSQL allows at all.

export const TARGET_RATIO = 0.5;
export const TARGET_RSS_BYTES = 512 * 1024 * 1024;

export type TRow = {
  name: string;
  result: TChildResult;
  /** PGlite: the embedded database server's own process. */
  databaseRssBytes?: number;
  /** A floor run: the raw lines COPYed into the database, no import (see bench-child.ts). */
  floor?: boolean;
};

const MIB = 1024 * 1024;
const mbps = (bytes: number, ms: number) => bytes / MIB / (ms / 1000);
const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms: number) => `${fmt(ms / 1000)} s`;
const mib = (bytes: number) => `${fmt(bytes / MIB, 0)} MB`;

export function printReport(input: { file: string; bytes: number; trajectories: number; seed: number; nodeFlags: string; rows: TRow[] }): void {
  const { bytes, trajectories, rows } = input;
  const baseline = rows[0].result;
  const baseRate = mbps(bytes, baseline.wallMs);
  const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(12))).join(""));

  console.log("");
  console.log(`Import benchmark: ${fmt(bytes / MIB)} MB, ${trajectories.toLocaleString("en-US")} trajectories (Studio JSONL, seed ${input.seed})${input.nodeFlags ? `, node ${input.nodeFlags}` : ""}`);
  line(["run", "wall", "MB/s", "traj/s", "store", "parse+save", "process CPU", "peak RSS", "ratio"]);
  for (const { name, result: r } of rows) {
    const isImport = r.mode === "import";
    line([
      name,
      secs(r.wallMs),
      fmt(mbps(bytes, r.wallMs)),
      fmt((isImport ? r.imported : r.records) / (r.wallMs / 1000), 0),
      isImport ? secs(r.storeMs) : "-",
      isImport ? secs(r.importMs) : "-",
      secs(r.cpuMs),
      mib(r.peakRssBytes),
      fmt(mbps(bytes, r.wallMs) / baseRate, 2),
    ]);
  }
  const imports = rows.filter((r) => r.result.mode === "import");
  for (const { name, result: r, databaseRssBytes } of imports) {
    const counts = `${name}: imported ${r.imported.toLocaleString("en-US")}, duplicates ${r.duplicates}, rejected ${r.rejected}`;
    console.log(`${counts}${databaseRssBytes ? `; embedded database process peak RSS ${mib(databaseRssBytes)}` : ""}${r.imported + r.duplicates !== trajectories ? "  ✗ COUNT MISMATCH" : ""}`);
  }
  console.log("MB/s and traj/s cover the whole pipeline (store the upload, then parse and save); process CPU and peak RSS are the");
  console.log("importing process's own: wall time beyond its CPU time is time spent waiting for the database.");
  if (rows.some((r) => r.floor)) {
    console.log("A floor run COPYs the file's lines unparsed into one text column of a bare table (no index, no import");
    console.log("work): what the database alone takes to store the bytes once, which no importer that keeps them can beat.");
  }

  console.log("Targets:");
  const pgRow = rows.find((r) => r.name === "PostgreSQL");
  if (pgRow) {
    const ratio = mbps(bytes, pgRow.result.wallMs) / baseRate;
    console.log(`  ratio to baseline on PostgreSQL ≥ ${TARGET_RATIO}: ${fmt(ratio, 2)} → ${ratio >= TARGET_RATIO ? "met" : "NOT met"}`);
    for (const f of rows.filter((r) => r.floor)) {
      const ceiling = mbps(bytes, f.result.wallMs) / baseRate;
      const verdict = ceiling >= TARGET_RATIO ? "reachable here in principle" : "out of reach for any importer on this machine";
      console.log(`    ${f.name} alone reaches ${fmt(ceiling, 2)} (${fmt(mbps(bytes, f.result.wallMs))} MB/s): ${TARGET_RATIO} is ${verdict}; the import runs at ${fmt(ratio / ceiling, 2)} of it`);
    }
  } else {
    console.log(`  ratio to baseline on PostgreSQL ≥ ${TARGET_RATIO}: not measured (set BENCH_DATABASE_URL)`);
  }
  for (const { name, result: r } of imports) {
    console.log(`  peak RSS < ${mib(TARGET_RSS_BYTES)} (${name} import): ${mib(r.peakRssBytes)} → ${r.peakRssBytes < TARGET_RSS_BYTES ? "met" : "NOT met"}`);
  }
}
