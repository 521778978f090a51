import { setImmediate as nextTurn } from "node:timers/promises";

// Adaptive batching for hot write paths (LLM call records, durable step commits): the first item
// is written at once; items that arrive while a write is in flight wait for it and then go
// together in the next one. Under light load nothing waits; under load (64 lanes finishing calls
// on different ticks) one statement carries dozens of items instead of one round trip each.
// DataLoader batches per tick only, which does not group answers arriving on separate ticks.

export type TBatcher<T, R> = {
  /** Resolves with this item's result once the batch holding it was written. */
  add(item: T): Promise<R>;
  /** Resolves when every item added so far has been written (or failed). */
  drain(): Promise<void>;
};

type TQueued<T, R> = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };

// nextTurn() lets pending I/O (an LLM answer, a database reply) through: an immediate queued from
// the check phase runs in the next loop iteration, after the poll phase.

/**
 * `write` gets the items in arrival order and returns one result per item, or an Error in an
 * item's place to fail only that one; a throw fails the whole batch.
 */
export function createBatcher<T, R>(write: (items: T[]) => Promise<(R | Error)[]>, opts: { maxItems: number }): TBatcher<T, R> {
  let queue: TQueued<T, R>[] = [];
  let running: Promise<void> | null = null;
  const delivering = new Set<Promise<void>>();

  // One item per event-loop turn: each waiter (a run lane) goes on to build its next prompt when
  // its result arrives, and 64 of them resolved at once held every answer that came in meanwhile
  // for tens of milliseconds (bench:distill: answers sat ~13 ms in this process before it read
  // them; ~9 ms with this). The next batch is written meanwhile.
  async function deliver(batch: TQueued<T, R>[], outcome: { results: (R | Error)[] } | { error: unknown }): Promise<void> {
    for (const [i, q] of batch.entries()) {
      if (i > 0) await nextTurn();
      if ("error" in outcome) q.reject(outcome.error);
      else if (outcome.results[i] instanceof Error) q.reject(outcome.results[i]);
      else q.resolve(outcome.results[i] as R);
    }
  }

  async function loop(): Promise<void> {
    while (queue.length) {
      const batch = queue.slice(0, opts.maxItems);
      queue = queue.slice(batch.length);
      const outcome = await write(batch.map((q) => q.item)).then(
        (results) => ({ results }),
        (error: unknown) => ({ error }),
      );
      const d = deliver(batch, outcome).finally(() => delivering.delete(d));
      delivering.add(d);
    }
    running = null;
  }

  return {
    add(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        running ??= loop();
      });
    },
    async drain() {
      while (running || delivering.size) await Promise.all([running, ...delivering]);
    },
  };
}
