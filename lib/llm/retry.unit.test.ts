import { afterEach, describe, expect, it, vi } from "vitest";
import { computeBackoffMs, computeRetryDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, sleepFor } from "./retry";
import { atPriority, createLimiter } from "./limiter";
import { computeCostUsd } from "./pricing";

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };

describe("backoff", () => {
  it("grows exponentially under full jitter and stops at the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => computeBackoffMs(n, policy, () => 0.999999))).toEqual([999, 1999, 3999, 7999, 7999]);
    expect([1, 2, 3].map((n) => computeBackoffMs(n, policy, () => 0.5))).toEqual([500, 1000, 2000]);
    expect(computeBackoffMs(3, policy, () => 0)).toBe(0);
  });

  it("honours Retry-After in seconds, as a date and retry-after-ms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(parseRetryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(parseRetryAfterMs(new Headers({ "retry-after-ms": "750", "retry-after": "3" }), now)).toBe(750);
    expect(parseRetryAfterMs(new Headers({}), now)).toBeUndefined();
    expect(computeRetryDelayMs(1, policy, () => 0.5, 3000)).toBe(3000 + Math.floor(0.5 * policy.retryAfterJitterMs));
  });
});

describe("sleepFor", () => {
  afterEach(() => vi.useRealTimers());

  it("waits on the (fake) clock and ends early on abort", async () => {
    vi.useFakeTimers();
    let done = false;
    const p = sleepFor(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    const ac = new AbortController();
    const aborted = sleepFor(60_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
  });
});

describe("limiter", () => {
  it("never grants more than the limit and hands slots on in order", async () => {
    const limiter = createLimiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((r) => (order.push("c"), r));
    const d = limiter.acquire().then((r) => (order.push("d"), r));
    expect([limiter.active, limiter.waiting]).toEqual([2, 2]);
    a();
    a(); // a second release of the same slot is ignored
    await c;
    expect([limiter.active, limiter.waiting, order]).toEqual([2, 1, ["c"]]);
    const ac = new AbortController();
    const e = limiter.acquire(ac.signal);
    ac.abort(new Error("gone"));
    await expect(e).rejects.toThrow("gone");
    expect(limiter.waiting).toBe(1);
    void d;
  });

  it("serves waiters of a higher priority first, in arrival order among equals", async () => {
    const limiter = createLimiter(1);
    const first = await limiter.acquire();
    const spare = atPriority(limiter, -1);
    const order: string[] = [];
    // Each waiter notes its turn and gives the slot straight back.
    const wait = (l: typeof limiter, name: string) => l.acquire().then((release) => (order.push(name), release()));
    const waits = [wait(spare, "spare 1"), wait(limiter, "normal 1"), wait(spare, "spare 2"), wait(limiter, "normal 2")];
    expect(spare.waiting).toBe(4);
    first();
    await Promise.all(waits);
    expect(order).toEqual(["normal 1", "normal 2", "spare 1", "spare 2"]);
  });
});

describe("pricing", () => {
  it("uses a model's own price over the default", () => {
    const pricing = { default: { inputPerMTok: 1, outputPerMTok: 2 }, models: { big: { inputPerMTok: 10, outputPerMTok: 30 } } };
    expect(computeCostUsd("small", 1_000_000, 500_000, pricing)).toBeCloseTo(2);
    expect(computeCostUsd("big", 1000, 1000, pricing)).toBeCloseTo(0.04);
  });
});
