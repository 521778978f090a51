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

/**
 * `write` gets the items in arrival order and returns one result per item, or an Error in an
 * item's place to fail only that one; a throw fails the whole batch.
 */
export function createBatcher<T, R>(write: (items: T[]) => Promise<(R | Error)[]>, opts: { maxItems: number }): TBatcher<T, R> {
  let queue: TQueued<T, R>[] = [];
  let running: Promise<void> | null = null;

  async function loop(): Promise<void> {
    while (queue.length) {
      const batch = queue.slice(0, opts.maxItems);
      queue = queue.slice(batch.length);
      try {
        const results = await write(batch.map((q) => q.item));
        batch.forEach((q, i) => {
          const r = results[i];
          if (r instanceof Error) q.reject(r);
          else q.resolve(r as R);
        });
      } catch (e) {
        for (const q of batch) q.reject(e);
      }
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
      while (running) await running;
    },
  };
}
