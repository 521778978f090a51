// pglite-socket multiplexes every client connection onto PGlite's single session, one protocol
// message at a time. With the extended query protocol (Parse, Bind, Describe, Execute, … Sync) a
// message of another connection can slip in between two messages of one query, and then one
// connection's unnamed statement replaces the other's ("unnamed prepared statement does not
// exist"). Large parameters (1 MiB upload chunks) make it likely. This patch keeps the queue with a
// connection from its first extended-protocol message until its Sync, as pglite-socket already
// does for open transactions.

type TItem = { handlerId: number; message: Uint8Array; onData: (d: Uint8Array) => void; resolve: (n: number) => void; reject: (e: unknown) => void };
type TQueue = {
  queue: TItem[];
  processing: boolean;
  lastHandlerId: number | null;
  db: { isInTransaction(): boolean; runExclusive<T>(fn: () => Promise<T>): Promise<T>; execProtocolRawStream(m: Uint8Array, o: { onRawData: (d: Uint8Array) => void }): Promise<unknown> };
  processQueue(): Promise<void>;
  clearQueueForHandler(id: number): void;
};

// Frontend message types that belong to an extended-protocol exchange, and the one that ends it.
const EXTENDED = new Set([0x50 /* P */, 0x42 /* B */, 0x44 /* D */, 0x45 /* E */, 0x43 /* C */, 0x48 /* H */]);
const SYNC = 0x53; /* S */

export function keepExtendedQueriesTogether(queue: TQueue): void {
  let sticky: number | null = null;
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (id: number) => {
    if (sticky === id) sticky = null;
    clear(id);
  };
  queue.processQueue = async function processQueue(this: TQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = sticky ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const at = owner === null ? 0 : this.queue.findIndex((q) => q.handlerId === owner);
        // The owner has not sent its next message yet: wait for it (its enqueue restarts the loop).
        if (at === -1) break;
        const item = this.queue.splice(at, 1)[0];
        const type = item.message[0];
        if (EXTENDED.has(type)) sticky = item.handlerId;
        else if (type === SYNC && sticky === item.handlerId) sticky = null;
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: (d) => ((bytes += d.length), item.onData(d)) }));
        } catch (e) {
          item.reject(e);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);
}
