import { spawn } from "node:child_process";
import fs from "node:fs";
import autocannon from "autocannon";
import { childEnv } from "../env";

// npm run bench:registry — serves a production build on a fresh embedded database, publishes a
// skill (import API) in a private workspace, then drives the pull API's manifest and archive
// endpoints with autocannon (100 connections, 10 s each, after a warm-up) using a viewer API key,
// the way agents and CI pull. Prints requests/s and p50/p99 latency; target: manifest p99 < 25 ms.
// Figures, not assertions: a benchmark never fails on time.

const PORT = 3470;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = ".data/bench-registry";
const ADMIN = { email: "bench@example.com", password: "bench-password-1" };
const CONNECTIONS = 100;
const DURATION_S = 10;
const SKILL = "bench-spreadsheets";

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 3600; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function api<T>(cookie: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${BASE}${path}`, { method: "POST", headers: { cookie, origin: BASE, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A skill of realistic size: SKILL.md plus a few references (about 40 KB). */
function skillFiles(): { path: string; content: string }[] {
  const para = "When a formula returns #REF!, check whether a referenced column was deleted, then rebuild the range with INDEX/MATCH.\n";
  return [
    { path: "SKILL.md", content: `---\nname: ${SKILL}\ndescription: Spreadsheet work with formulas, pivots and checks (benchmark fixture).\n---\n\n# Spreadsheets\n\n${para.repeat(40)}\nSee [formulas](references/formulas.md).\n` },
    ...[1, 2, 3, 4].map((i) => ({ path: `references/part-${i}.md`, content: `# Part ${i}\n\n${para.repeat(60)}` })),
    { path: "references/formulas.md", content: `# Formulas\n\n${para.repeat(20)}` },
  ];
}

async function seed(): Promise<{ key: string }> {
  const signIn = await fetch(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify(ADMIN) });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  await api(cookie, "/api/w/demo/skills/import", { files: skillFiles() });
  const { key } = await api<{ key: string }>(cookie, "/api/w/demo/api-keys", { name: "bench-pull", role: "viewer" });
  return { key };
}

type TFigures = { rps: number; p50: number; p99: number; errors: number; non2xx: number; bytes: number };

async function drive(url: string, key: string, seconds: number): Promise<TFigures> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${key}` } });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, bytes: r.throughput.average };
}

async function main(): Promise<void> {
  fs.rmSync(DATA, { recursive: true, force: true });
  const server = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts"], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: childEnv({ PORT: String(PORT), T2S_DATA_DIR: DATA, T2S_BASE_URL: BASE, T2S_ADMIN_EMAIL: ADMIN.email, T2S_ADMIN_PASSWORD: ADMIN.password, T2S_SEED_DEMO: "false", DATABASE_URL: undefined, LOG_LEVEL: "warn" }),
  });
  try {
    console.log("Starting a production server (builds first if needed)…");
    await waitHealthy();
    const { key } = await seed();
    const endpoints = [
      { label: "manifest", url: `${BASE}/api/registry/demo/skills/${SKILL}/1.0.0` },
      { label: "archive.zip", url: `${BASE}/api/registry/demo/skills/${SKILL}/1.0.0/archive.zip` },
    ];
    const check = await fetch(endpoints[1]!.url, { headers: { authorization: `Bearer ${key}` } });
    console.log(`archive ${check.status}, ${(await check.arrayBuffer()).byteLength} bytes; ${CONNECTIONS} connections, ${DURATION_S} s each after a 3 s warm-up\n`);
    const rows: [string, TFigures][] = [];
    for (const e of endpoints) {
      await drive(e.url, key, 3);
      rows.push([e.label, await drive(e.url, key, DURATION_S)]);
    }
    console.log("endpoint        req/s     p50 ms   p99 ms   errors  non-2xx   MB/s");
    for (const [label, f] of rows) {
      console.log(`${label.padEnd(12)} ${f.rps.toFixed(0).padStart(8)} ${String(f.p50).padStart(10)} ${String(f.p99).padStart(8)} ${String(f.errors).padStart(8)} ${String(f.non2xx).padStart(8)} ${(f.bytes / 1e6).toFixed(1).padStart(6)}`);
    }
    const p99 = rows[0]![1].p99;
    console.log(`\nTarget manifest p99 < 25 ms: ${p99} ms → ratio ${(p99 / 25).toFixed(2)} (${p99 < 25 ? "met" : "NOT met"})`);
  } finally {
    server.kill("SIGTERM");
  }
}

await main();
