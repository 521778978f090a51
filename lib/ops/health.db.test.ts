import { afterEach, describe, expect, inject, it } from "vitest";
import { checkHealth, ZHealth } from "./health";
import { startWorker, type TWorker } from "../jobs/worker";
import { GET } from "@/app/api/health/route";
import { callRoute } from "../testing/http";

// Health is what operators and the launcher poll; it must tell the engine apart and notice workers.

let worker: TWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

async function getHealth() {
  const res = await callRoute(GET, { method: "GET", path: "/api/health" });
  expect(res.headers.get("cache-control")).toBe("no-store");
  return { status: res.status, body: ZHealth.parse(await res.json()) };
}

describe("checkHealth", () => {
  it("reports the database, its engine and the queue", async () => {
    const health = ZHealth.parse(await checkHealth());
    expect(health.database).toMatchObject({ ok: true, engine: inject("dbEngine") });
    expect(health.queue.ok).toBe(true);
  });

  it("counts a running worker as alive, and none once it stopped", async () => {
    // db test files run one at a time, so no other worker can be alive here.
    expect((await checkHealth()).workers.alive).toBe(0);
    worker = await startWorker({ url: inject("databaseUrl"), concurrency: 1, log: () => undefined });
    const running = ZHealth.parse(await checkHealth());
    expect(running.workers.alive).toBe(1);
    expect(running.status).toBe("ok");
    await worker.stop();
    const stopped = ZHealth.parse(await checkHealth());
    expect(stopped.workers.alive).toBe(0);
    expect(stopped.status).toBe("degraded");
  });
});

describe("GET /api/health", () => {
  it("answers 200 without credentials, degraded while no worker runs", async () => {
    const { status, body } = await getHealth();
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.database.engine).toBe(inject("dbEngine"));
  });

  it("answers ok with a worker", async () => {
    worker = await startWorker({ url: inject("databaseUrl"), concurrency: 1, log: () => undefined });
    const { status, body } = await getHealth();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: { ok: true }, queue: { ok: true }, workers: { alive: 1 } });
  });
});
