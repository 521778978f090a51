import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { childEnv, env } from "../env";
import { startEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrator";
import { WORKER_NODE_FLAGS } from "../jobs/worker-flags";
import type { TChildMode, TChildResult } from "./bench-child";
import { generatePool } from "./generate-pool";
import { printReport, type TRow } from "./report";

// `npm run bench:import [-- --mb 100]`: generates a synthetic Studio JSONL pool (default ≥ 1 GiB and
// ≥ 200k trajectories) under <data dir>/bench, then measures, each in its own process, a baseline
// that only reads and JSON.parses the file line by line and the real import pipeline into a fresh
// PGlite and, with BENCH_DATABASE_URL, into a fresh database on that PostgreSQL server. On
// PostgreSQL it also measures the floor: the same bytes COPYed unparsed into a bare text column, the
// least any importer that keeps the data in that server can pay, so the printout says what ratio
// this machine allows at all.

const FULL_MB = 1024;
const FULL_TRAJECTORIES = 200_000;

const { values: args } = parseArgs({
  options: {
    mb: { type: "string", default: String(FULL_MB) },
    trajectories: { type: "string" },
    seed: { type: "string", default: "1" },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
    // The import runs with the workers' flags (lib/jobs/worker-flags.ts) unless told otherwise,
    // e.g. --node-flags="" for Node's defaults.
    "node-flags": { type: "string", default: WORKER_NODE_FLAGS.join(" ") },
  },
});

const mb = Number(args.mb);
const seed = Number(args.seed);
// A smaller run keeps the full run's trajectory size, so its figures stay comparable.
const minTrajectories = Number(args.trajectories ?? Math.round((FULL_TRAJECTORIES * mb) / FULL_MB));
if (!(mb > 0) || !(minTrajectories >= 0) || !Number.isInteger(seed)) {
  console.error("usage: npm run bench:import -- [--mb 1024] [--trajectories 200000] [--seed 1] [--only pglite|postgres] [--keep] [--node-flags=…]");
  process.exit(2);
}

const benchDir = path.resolve(env().T2S_DATA_DIR, "bench");
const say = (msg: string) => console.log(`[bench] ${msg}`);

// Ctrl-C must not leave a gigabyte file, a PGlite directory or a database behind.
const cleanups = new Set<() => unknown>();
process.once("SIGINT", async () => {
  say("interrupted: cleaning up…");
  for (const c of [...cleanups].reverse()) await Promise.resolve(c()).catch(() => undefined);
  process.exit(130);
});
async function withCleanup<T>(cleanup: () => unknown, work: () => Promise<T>): Promise<T> {
  cleanups.add(cleanup);
  try {
    return await work();
  } finally {
    cleanups.delete(cleanup);
    await cleanup();
  }
}

function runChild(mode: TChildMode, file: string, databaseUrl?: string): Promise<TChildResult> {
  return new Promise((resolve, reject) => {
    // The baseline always runs with Node's defaults: the flags tune the importer only.
    const flags = mode === "import" ? args["node-flags"].split(" ").filter(Boolean) : [];
    const child = spawn(process.execPath, [...flags, "--import", "tsx", path.resolve("lib/bench/bench-child.ts"), mode, file], {
      env: childEnv({ DATABASE_URL: databaseUrl }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as TChildResult);
      else reject(new Error(`the ${mode} run exited with code ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** The highest RSS of this process while `work` runs (here: the embedded database serving the import). */
async function sampleRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssBytes: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const result = await work();
    return { result, peakRssBytes: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

async function benchPglite(file: string, scratch: string): Promise<TRow> {
  const dataDir = path.join(scratch, "pglite");
  const server = await startEmbeddedPostgres({ dataDir });
  const cleanup = async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return withCleanup(cleanup, async () => {
    await applyMigrations(server.url);
    say("importing into PGlite…");
    const { result, peakRssBytes } = await sampleRss(() => runChild("import", file, server.url));
    return { name: "PGlite", result, databaseRssBytes: peakRssBytes };
  });
}

async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function serverHasLz4(url: string): Promise<boolean> {
  const rows = await adminQuery<{ lz4: boolean }>(url, `SELECT 'lz4' = ANY("enumvals") AS "lz4" FROM "pg_settings" WHERE "name" = 'default_toast_compression'`);
  return rows[0]?.lz4 === true;
}

async function benchPostgres(file: string, adminUrl: string): Promise<TRow[]> {
  const name = `t2s_bench_${randomBytes(5).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return withCleanup(
    () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    async () => {
      await applyMigrations(url.toString());
      say("floor: COPY of the raw lines into a bare text column…");
      const rows: TRow[] = [{ name: "PostgreSQL floor (COPY)", floor: true, result: await runChild("floor", file, url.toString()) }];
      if (await serverHasLz4(adminUrl)) rows.push({ name: "PostgreSQL floor (COPY, lz4)", floor: true, result: await runChild("floor-lz4", file, url.toString()) });
      say(`importing into PostgreSQL (database ${name})…`);
      rows.push({ name: "PostgreSQL", result: await runChild("import", file, url.toString()) });
      return rows;
    },
  );
}

async function main(): Promise<void> {
  const scratch = path.join(benchDir, `run-${process.pid}`);
  fs.mkdirSync(scratch, { recursive: true });
  // With --keep the pool is left for the next run with the same size and seed.
  const poolFile = path.join(benchDir, `pool-${mb}mb-${minTrajectories}t-seed${seed}.jsonl`);
  const metaFile = `${poolFile}.json`;
  const cleanup = () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!args.keep) fs.rmSync(poolFile, { force: true });
  };
  await withCleanup(cleanup, async () => {
    let pool: { bytes: number; trajectories: number };
    if (fs.existsSync(metaFile) && fs.existsSync(poolFile)) {
      pool = JSON.parse(fs.readFileSync(metaFile, "utf8"));
      say(`reusing ${path.relative(process.cwd(), poolFile)}`);
    } else {
      say(`generating ≥ ${mb} MB and ≥ ${minTrajectories} trajectories (seed ${seed})…`);
      pool = await generatePool(poolFile, { minBytes: mb * 1024 * 1024, minTrajectories, seed });
      if (args.keep) fs.writeFileSync(metaFile, JSON.stringify(pool));
    }

    say("baseline: read line by line + JSON.parse…");
    const rows: TRow[] = [{ name: "baseline (read + JSON.parse)", result: await runChild("baseline", poolFile) }];
    if (!args.only || args.only === "pglite") rows.push(await benchPglite(poolFile, scratch));
    const adminUrl = env().BENCH_DATABASE_URL;
    if ((!args.only || args.only === "postgres") && adminUrl) rows.push(...(await benchPostgres(poolFile, adminUrl)));
    else if (args.only !== "pglite") say("BENCH_DATABASE_URL is not set: skipping PostgreSQL.");

    printReport({ file: poolFile, bytes: pool.bytes, trajectories: pool.trajectories, seed, nodeFlags: args["node-flags"], rows });
  });
}

await main();
