import { onAbort } from "./abort-hub";

// Backoff for transient endpoint failures. Full jitter (AWS architecture blog, "Exponential Backoff
// And Jitter") spreads a fleet of analysts that all hit a 429 at once; a server's Retry-After wins
// over our own guess because it knows when capacity returns.

export type TRetryPolicy = {
  /** Retries after the first attempt for 429 / 5xx / timeouts / network errors. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails as rate_limited instead. */
  maxRetryAfterMs: number;
  /** Added on top of Retry-After so clients told the same instant do not return in lockstep. */
  retryAfterJitterMs: number;
};

export const DEFAULT_RETRY_POLICY: TRetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  retryAfterJitterMs: 250,
};

/** Full-jitter delay before retry number `retry` (1 = the first retry). */
export function computeBackoffMs(retry: number, policy: TRetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Reads retry-after-ms (OpenAI, Azure) or Retry-After (seconds or an HTTP date). */
export function parseRetryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Math.ceil(Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before the next retry: Retry-After plus a little jitter when given, full jitter otherwise. */
export function computeRetryDelayMs(retry: number, policy: TRetryPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs === undefined) return computeBackoffMs(retry, policy, random);
  return retryAfterMs + Math.floor(random() * policy.retryAfterJitterMs);
}

/** A sleep that ends early (rejecting) when the signal aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      stopListening();
      resolve();
    }, ms);
    const stopListening = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal?.reason);
    });
  });
}
