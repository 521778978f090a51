import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { baseUrl, childEnv, env, llmConfigured, setEnv } from "../env";
import { isAppError } from "../errors";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrator";
import { disconnectDb } from "../db/client";
import { installJobSchema } from "../jobs/boss";
import { WORKER_NODE_FLAGS } from "../jobs/worker-flags";
import { bootstrap, type TAdminBootstrap } from "../seed/bootstrap";
import { clearRuntimeInfo, writeRuntimeInfo } from "../runtime";
import { buildIsCurrent, writeBuildStamp } from "./build-stamp";

// `npm start`: database (embedded PGlite unless DATABASE_URL is set) → migrations → seed → build if
// the sources changed → web server + worker(s) as supervised children → print where to go.

const require = createRequire(import.meta.url);
const dev = process.argv.includes("--dev");
const say = (msg: string) => console.log(`[t2s] ${msg}`);

function authSecret(dataDir: string): string {
  const e = env();
  if (e.T2S_AUTH_SECRET) return e.T2S_AUTH_SECRET;
  // Generated once and kept with the data, so sessions survive restarts.
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

function ensureBuild(): void {
  if (dev || buildIsCurrent()) return;
  say("Building the web app (first start or changed sources; about a minute)…");
  const res = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" }),
  });
  if (res.status !== 0) throw new Error("The web build failed; see the output above.");
  writeBuildStamp();
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

function printBanner(url: string, admin: TAdminBootstrap, embedded: boolean, workers: number): void {
  const e = env();
  const lines = [
    "",
    `  Trace2Skill Studio is running at ${url}`,
    "",
    `  Database  ${embedded ? `embedded PostgreSQL (PGlite), data in ${path.resolve(e.T2S_DATA_DIR)}` : "PostgreSQL from DATABASE_URL"}`,
    `  Workers   ${workers} (add more with \`npm run worker\`)`,
    `  LLM       ${llmConfigured(e) ? `${e.OPENAI_BASE_URL ?? "OpenAI"} (models per role in .env)` : "not configured: the built-in rule-based analyst and merger are used (set OPENAI_BASE_URL / OPENAI_API_KEY)"}`,
    "",
  ];
  if (admin.mode === "env") lines.push(`  Sign in at ${url}/sign-in as ${admin.email} with the password in T2S_ADMIN_PASSWORD.`);
  else if (admin.mode === "setup") lines.push("  No admin yet. Open this one-time link to create the first admin account:", `    ${admin.url}`);
  else lines.push(`  Sign in at ${url}/sign-in (admin: ${admin.emails.join(", ")}).`);
  lines.push("", "  Press Ctrl+C to stop.", "");
  console.log(lines.join("\n"));
}

async function main(): Promise<void> {
  const e = env();
  let embedded: TEmbeddedPostgres | undefined;
  const children = new Set<ChildProcess>();
  let shuttingDown = false;

  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    for (const c of children) c.kill("SIGTERM");
    await Promise.all([...children].map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r)))));
    await disconnectDb().catch(() => undefined);
    clearRuntimeInfo();
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    if (!e.DATABASE_URL) {
      say(`Starting embedded PostgreSQL in ${path.resolve(e.T2S_DATA_DIR)}…`);
      embedded = await startEmbeddedPostgres({ dataDir: e.T2S_DATA_DIR });
    }
    const databaseUrl = e.DATABASE_URL ?? embedded!.url;
    setEnv({ DATABASE_URL: databaseUrl, T2S_AUTH_SECRET: authSecret(e.T2S_DATA_DIR) });

    const applied = await applyMigrations(databaseUrl);
    say(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");
    await installJobSchema(databaseUrl);
    const { admin } = await bootstrap();
    ensureBuild();

    const url = baseUrl(env());
    writeRuntimeInfo({ pid: process.pid, databaseUrl, embedded: Boolean(embedded), url, startedAt: new Date().toISOString() });
    const watch = path.resolve("lib/cli/parent-watch.mjs");
    const env2 = childEnv({ NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: dev ? "development" : "production" });

    // Next inside our own node:http server (web-server.ts: the pull API's fast path, then Next).
    const web = spawn(process.execPath, ["--import", "tsx", "--import", watch, "lib/cli/web-server.ts", ...(dev ? ["--dev"] : [])], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: env2,
    });
    children.add(web);
    web.on("exit", (code) => {
      children.delete(web);
      if (!shuttingDown) {
        console.error(`[t2s] The web server exited (code ${code}); stopping.`);
        void shutdown(code || 1);
      }
    });

    const startWorkerChild = (n: number, restarts = 0) => {
      const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, "--import", "tsx", "--import", watch, "lib/jobs/worker-main.ts"], {
        stdio: ["inherit", "inherit", "inherit", "ipc"],
        env: env2,
      });
      children.add(child);
      child.on("exit", (code) => {
        children.delete(child);
        if (shuttingDown) return;
        if (restarts >= 5) {
          console.error(`[t2s] Worker ${n} keeps failing (code ${code}); not restarting it again.`);
          return;
        }
        console.error(`[t2s] Worker ${n} exited (code ${code}); restarting in 2 s.`);
        setTimeout(() => startWorkerChild(n, restarts + 1), 2000).unref();
      });
    };
    for (let n = 1; n <= e.T2S_WORKERS; n++) startWorkerChild(n);

    if (!(await waitForHealth(`http://127.0.0.1:${e.PORT}`, 120_000))) {
      throw new Error(`The web server did not answer on port ${e.PORT} within 2 minutes.`);
    }
    printBanner(url, admin, Boolean(embedded), e.T2S_WORKERS);
  } catch (err) {
    if (isAppError(err)) console.error(`\n[t2s] ${err.message}\n`);
    else console.error("\n[t2s] Start failed:", err instanceof Error ? err.message : err, "\n");
    await shutdown(1);
  }
}

await main();
