import { spawn } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { childEnv } from "../env";

// npm run bench:trace-viewer — serves a production build on a fresh embedded database, imports
// 1k, 10k and 20k-step trajectories through the upload API, opens each in headless Chromium and
// prints: time to the first rendered steps, time for an in-trace search to show its count, and
// the DOM node count. Targets: 10k steps first paint ≤ 1.0 s; DOM ≤ 2,000 nodes at any size.
// Figures, not assertions: a benchmark never fails on time.

const PORT = 3460;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = ".data/bench-trace-viewer";
const ADMIN = { email: "bench@example.com", password: "bench-password-1" };
const SIZES = [1_000, 10_000, 20_000];

function trace(steps: number): string {
  const out: object[] = [{ role: "user", text: "Reconcile the quarterly ledger and report mismatches." }];
  for (let i = 1; i < steps; i++) {
    if (i % 2) out.push({ role: "assistant", kind: "tool_call", tool_name: "bash", tool_args: { command: `python check.py --part ${i}` }, tool_call_id: `c${i}` });
    else out.push({ role: "tool", kind: "tool_result", tool_call_id: `c${i - 1}`, text: i === Math.floor(steps * 0.75) ? "needle: mismatch in row 4412" : `rows ${i * 10}-${i * 10 + 9} ok\n`.repeat(1 + (i % 7)), is_error: i % 997 === 0 });
  }
  return JSON.stringify({ schema: "t2s.trajectory.v1", id: `bench-${steps}`, instruction: `Ledger check with ${steps} steps`, outcome: "failure", steps: out });
}

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function api<T>(cookie: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${BASE}${path}`, { ...init, headers: { cookie, origin: BASE, ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function seed(): Promise<{ cookie: string; ids: Record<number, string> }> {
  const signIn = await fetch(`${BASE}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify(ADMIN) });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  const json = { "content-type": "application/json" };
  await api(cookie, "/api/w/demo/pools", { method: "POST", headers: json, body: JSON.stringify({ name: "bench-viewer" }) });
  const { upload } = await api<{ upload: { id: string } }>(cookie, "/api/w/demo/pools/bench-viewer/uploads", { method: "POST", headers: json, body: "{}" });
  await api(cookie, `/api/w/demo/uploads/${upload.id}/files?name=bench.jsonl`, { method: "PUT", body: SIZES.map(trace).join("\n") });
  await api(cookie, `/api/w/demo/uploads/${upload.id}/complete`, { method: "POST" });
  for (;;) {
    const r = await api<{ upload: { status: string } }>(cookie, `/api/w/demo/uploads/${upload.id}`);
    if (r.upload.status === "done") break;
    if (r.upload.status === "failed") throw new Error("import failed");
    await new Promise((res) => setTimeout(res, 300));
  }
  const list = await api<{ rows: { id: string; stepCount: number }[] }>(cookie, "/api/w/demo/pools/bench-viewer/trajectories?limit=10");
  return { cookie, ids: Object.fromEntries(list.rows.map((r) => [r.stepCount, r.id])) };
}

async function main(): Promise<void> {
  fs.rmSync(DATA, { recursive: true, force: true });
  const server = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts"], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: childEnv({ PORT: String(PORT), T2S_DATA_DIR: DATA, T2S_BASE_URL: BASE, T2S_ADMIN_EMAIL: ADMIN.email, T2S_ADMIN_PASSWORD: ADMIN.password, T2S_SEED_DEMO: "false", DATABASE_URL: undefined }),
  });
  try {
    console.log("Starting a production server (builds first if needed)…");
    await waitHealthy();
    const { cookie, ids } = await seed();
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    const [name, value] = cookie.split("=");
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name, value, url: BASE }]);
    const page = await context.newPage();
    // Warm-up: the first visit pays for compiling the page's scripts, not for the trace.
    await page.goto(`${BASE}/w/demo/trajectories/${ids[SIZES[0]]}`);
    await page.waitForSelector('[data-testid="step"]');
    const rows: string[][] = [];
    for (const size of SIZES) {
      const t0 = Date.now();
      await page.goto(`${BASE}/w/demo/trajectories/${ids[size]}`, { waitUntil: "commit" });
      await page.waitForSelector('[data-testid="step"]');
      const firstPaint = Date.now() - t0;
      const domFirst = await page.evaluate(() => document.getElementsByTagName("*").length);
      const t1 = Date.now();
      await page.fill('[data-testid="trace-search"]', "needle");
      await page.press('[data-testid="trace-search"]', "Enter");
      await page.waitForFunction(() => /steps/.test(document.querySelector('[data-testid="search-count"]')?.textContent ?? ""));
      const searchMs = Date.now() - t1;
      await page.evaluate(() => document.querySelector('[data-testid="trace-scroll"]')?.scrollBy(0, 400_000));
      await page.waitForTimeout(300);
      const domScrolled = await page.evaluate(() => document.getElementsByTagName("*").length);
      rows.push([size.toLocaleString("en"), `${firstPaint} ms`, `${searchMs} ms`, String(Math.max(domFirst, domScrolled))]);
    }
    await browser.close();
    console.log("\nsteps    first steps   search count   max DOM nodes");
    for (const r of rows) console.log(`${r[0].padEnd(8)} ${r[1].padStart(11)} ${r[2].padStart(14)} ${r[3].padStart(15)}`);
    const tenK = rows[1];
    const maxDom = Math.max(...rows.map((r) => Number(r[3])));
    console.log(`\nTarget 10k first paint ≤ 1000 ms: ${tenK[1]} → ratio ${(Number.parseInt(tenK[1]) / 1000).toFixed(2)} (${Number.parseInt(tenK[1]) <= 1000 ? "met" : "NOT met"})`);
    console.log(`Target DOM ≤ 2000 nodes: max ${maxDom} → ratio ${(maxDom / 2000).toFixed(2)} (${maxDom <= 2000 ? "met" : "NOT met"})`);
  } finally {
    server.kill("SIGTERM");
  }
}

await main();
