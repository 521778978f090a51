// A small in-process cache with a time limit per entry, for the pull API's hot path (PGlite runs
// one query at a time, so a pull that skips the database is what lets many agents pull at once).

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): V {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * One instance per process even when its module is loaded twice: the web server (lib/cli/web-server.ts)
 * imports lib through tsx while Next's build carries its own bundled copy of the same modules, and
 * both must see one cache, so a tag move made through Next clears what the fast path serves.
 */
export function processWide<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`t2s.${name}`);
  return (store[key] ??= create());
}
