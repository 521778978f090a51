import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import type { TFakeScript } from "../testing/fake-openai/script";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import { expectAppError } from "../testing/expect-error";
import { createLimiter } from "./limiter";
import { DEFAULT_RETRY_POLICY } from "./retry";
import type { TStructuredRequest } from "./types";

// Transport behaviour against a real socket: retries and their delays (recorded through the
// injected sleep instead of waited for), timeouts on a hanging server, and the endpoint limiter.

const ZAnswer = z.object({ ok: z.boolean() });
const ask = (extra: Partial<TStructuredRequest<{ ok: boolean }>> = {}): TStructuredRequest<{ ok: boolean }> => ({
  role: "mapper",
  schema: ZAnswer,
  schemaName: "answer",
  messages: [{ role: "user", content: "go" }],
  ...extra,
});

let server: TFakeOpenAI | undefined;
const start = async (script: TFakeScript) => (server = await startFakeOpenAI({ rules: [{ reply: { json: { ok: true } } }], ...script }));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("retries", () => {
  it("waits what Retry-After and retry-after-ms say, plus bounded jitter", async () => {
    const s = await start({
      rules: [{ reply: [{ fault: "rate_limited", retryAfterSeconds: 3 }, { fault: "rate_limited", retryAfterMs: 750 }, { json: { ok: true } }] }],
    });
    const { llm, sleeps, calls } = createTestLlm(s, {}, { random: () => 0.999 });
    await expect(llm.structured(ask())).resolves.toMatchObject({ value: { ok: true }, attempts: 3 });
    const jitter = DEFAULT_RETRY_POLICY.retryAfterJitterMs;
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(sleeps[0]).toBeLessThan(3000 + jitter);
    expect(sleeps[1]).toBeGreaterThanOrEqual(750);
    expect(sleeps[1]).toBeLessThan(750 + jitter);
    expect(calls.map((c) => c.error?.split(":")[0] ?? null)).toEqual(["rate_limited 429", "rate_limited 429", null]);
  });

  it("backs off exponentially with full jitter on 5xx, then gives up with every attempt recorded", async () => {
    const s = await start({ faultRate: 1, faultKinds: ["server_error"] });
    const draws = [0.9, 0.9, 0.9, 0.9];
    const { llm, sleeps, calls } = createTestLlm(s, { retry: { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 10_000 } }, { random: () => draws.shift() ?? 0.9 });
    const err = await expectAppError(llm.structured(ask()), "unavailable:llm");
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ reason: "server_error", status: 500, attempts: 5 });
    expect(sleeps).toEqual([90, 180, 360, 720]);
    expect([s.requests.length, calls.length]).toEqual([5, 5]);
    expect(calls.every((c) => c.error?.startsWith("server_error 500"))).toBe(true);
  });

  it("keeps every delay within the full-jitter ceiling for any random draw", async () => {
    const s = await start({ faultRate: 1, faultKinds: ["server_error"] });
    let seed = 3;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const { llm, sleeps } = createTestLlm(s, { retry: { maxRetries: 6, baseDelayMs: 200, maxDelayMs: 3000 } }, { random });
    await expectAppError(llm.structured(ask()), "unavailable:llm");
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(Math.min(3000, 200 * 2 ** i));
    });
  });

  it("gives up at once on a Retry-After beyond the limit", async () => {
    const s = await start({ rules: [{ reply: { fault: "rate_limited", retryAfterSeconds: 3600 } }] });
    const { llm, sleeps } = createTestLlm(s);
    const err = await expectAppError(llm.structured(ask()), "unavailable:llm");
    expect(err.details).toMatchObject({ reason: "rate_limited", attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it("retries a dropped connection as a network error", async () => {
    const s = await start({ faultSequence: ["drop"] });
    const { llm, calls } = createTestLlm(s);
    await expect(llm.structured(ask())).resolves.toMatchObject({ attempts: 2 });
    expect(calls[0].error).toMatch(/^network/);
  });

  it("does not retry a rejected request (401)", async () => {
    const s = await start({ rules: [{ reply: { status: 401, body: { error: { message: "Incorrect API key provided" } } } }] });
    const { llm, sleeps } = createTestLlm(s);
    const err = await expectAppError(llm.structured(ask()), "unavailable:llm");
    expect(err.details).toMatchObject({ reason: "rejected", status: 401, attempts: 1 });
    expect(err.retryable).toBe(false);
    expect(sleeps).toEqual([]);
  });
});

describe("timeouts", () => {
  it("times out each attempt on a hanging server, retries, and ends with reason timeout", async () => {
    const s = await start({ faultRate: 1, faultKinds: ["hang"] });
    const { llm, calls } = createTestLlm(s, { timeoutMs: 200, retry: { maxRetries: 1 } });
    const started = Date.now();
    const err = await expectAppError(llm.structured(ask()), "unavailable:llm");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err.details).toMatchObject({ reason: "timeout", attempts: 2 });
    expect(calls.map((c) => c.error)).toEqual(["timeout: The request timed out.", "timeout: The request timed out."]);
    expect(calls[0].latencyMs).toBeGreaterThanOrEqual(190);
    expect(s.requests).toHaveLength(2);
  });

  it("answers after a hang when the retry succeeds", async () => {
    const s = await start({ faultSequence: ["hang"] });
    await expect(createTestLlm(s, { timeoutMs: 200 }).llm.structured(ask())).resolves.toMatchObject({ attempts: 2 });
  });

  it("stops when the caller aborts, without retrying", async () => {
    const s = await start({ faultRate: 1, faultKinds: ["hang"] });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await expectAppError(createTestLlm(s, { timeoutMs: 5000 }).llm.structured(ask({ signal: ac.signal })), "unavailable:llm");
    expect(err.details).toMatchObject({ reason: "aborted", attempts: 1 });
  });
});

describe("concurrency", () => {
  it("never has more than the limit in flight at the server, shared by clients of one endpoint", async () => {
    const s = await start({ latencyMs: 40 });
    const a = createTestLlm(s, { concurrency: 3 }).llm;
    const b = createTestLlm(s, { concurrency: 3 }).llm;
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).structured(ask())));
    expect(results).toHaveLength(16);
    expect(s.maxInFlight).toBe(3);
  });

  it("holds a caller's own slots (a run's concurrency) below a larger endpoint limit, and frees them for the next call", async () => {
    const s = await start({ latencyMs: 40 });
    const { llm } = createTestLlm(s, { concurrency: 8 });
    const slots = createLimiter(2);
    const results = await Promise.all(Array.from({ length: 9 }, () => llm.structured(ask({ slots }))));
    expect(results).toHaveLength(9);
    expect(s.maxInFlight).toBe(2);
    expect([slots.active, slots.waiting]).toEqual([0, 0]);
  });

  it("ends a call whose caller aborts while it waits for one of the caller's slots, without sending it", async () => {
    const s = await start({ latencyMs: 200 });
    const { llm } = createTestLlm(s, { concurrency: 8 });
    const slots = createLimiter(1);
    const first = llm.structured(ask({ slots }));
    const ac = new AbortController();
    const second = llm.structured(ask({ slots, signal: ac.signal }));
    setTimeout(() => ac.abort(), 20);
    const err = await expectAppError(second, "unavailable:llm");
    expect(err.details).toMatchObject({ reason: "aborted" });
    await first;
    expect(s.requests).toHaveLength(1);
    expect([slots.active, slots.waiting]).toEqual([0, 0]);
  });
});
