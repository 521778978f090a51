import { onAbort } from "./abort-hub";

// A counting semaphore per endpoint. Self-hosted servers (vLLM, llama.cpp) degrade badly past their
// batch size and hosted ones rate-limit per key, so the limit belongs to the base URL, not to a client:
// every client of the same URL in this process shares one limiter.

export type TLimiter = {
  /**
   * Waits for a slot; the returned function gives it back (calling it twice is harmless). Waiters
   * with a higher priority go first, in arrival order among equals (default 0).
   */
  acquire(signal?: AbortSignal, priority?: number): Promise<() => void>;
  readonly active: number;
  readonly waiting: number;
  limit: number;
};

export function createLimiter(initialLimit: number): TLimiter {
  let limit = Math.max(1, Math.floor(initialLimit));
  let active = 0;
  // One FIFO per priority (a run uses two), highest first: a waiter joins its own in O(1).
  const queues = new Map<number, Array<{ grant: () => void }>>();
  let priorities: number[] = [];
  let waiting = 0;
  const next = () => {
    for (const p of priorities) {
      const q = queues.get(p)!;
      if (q.length) return q.shift()!;
    }
    return undefined;
  };

  const makeRelease = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active--;
      drainQueue();
    };
  };

  const drainQueue = () => {
    while (active < limit && waiting > 0) {
      active++;
      waiting--;
      next()!.grant();
    }
  };

  return {
    acquire(signal, priority = 0) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < limit && waiting === 0) {
        active++;
        return Promise.resolve(makeRelease());
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            stopListening();
            resolve(makeRelease());
          },
        };
        let queue = queues.get(priority);
        if (!queue) {
          queue = [];
          queues.set(priority, queue);
          priorities = [...queues.keys()].sort((a, b) => b - a);
        }
        const mine = queue;
        const stopListening = onAbort(signal, () => {
          const i = mine.indexOf(entry);
          if (i >= 0) {
            mine.splice(i, 1);
            waiting--;
          }
          reject(signal?.reason);
        });
        mine.push(entry);
        waiting++;
      });
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiting;
    },
    get limit() {
      return limit;
    },
    set limit(n: number) {
      limit = Math.max(1, Math.floor(n));
      drainQueue();
    },
  };
}

/** The same slots, asked for at another priority: `acquire(signal)` waits as `priority`. */
export function atPriority(limiter: TLimiter, priority: number): TLimiter {
  return {
    acquire: (signal) => limiter.acquire(signal, priority),
    get active() {
      return limiter.active;
    },
    get waiting() {
      return limiter.waiting;
    },
    get limit() {
      return limiter.limit;
    },
    set limit(n: number) {
      limiter.limit = n;
    },
  };
}

const byEndpoint = new Map<string, TLimiter>();

export function normalizeBaseUrl(baseURL: string): string {
  return baseURL.trim().replace(/\/+$/, "");
}

/** The process-wide limiter of an endpoint; a later client with another limit resizes it. */
export function getEndpointLimiter(baseURL: string, limit: number): TLimiter {
  const key = normalizeBaseUrl(baseURL);
  let limiter = byEndpoint.get(key);
  if (!limiter) {
    limiter = createLimiter(limit);
    byEndpoint.set(key, limiter);
  } else if (limiter.limit !== limit) {
    limiter.limit = limit;
  }
  return limiter;
}
