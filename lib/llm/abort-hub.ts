// Many waits share one signal: a run's signal has a listener for every lane waiting for a slot and
// every call in flight, 100–200 at once. Node's EventTarget compares each added or removed listener
// with all those already there, so that cost grows with the crowd on every call (bench:distill:
// ~2 % of the engine's CPU). Here a signal gets one real listener, which calls a Set of them.

const hubs = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `fn` once when `signal` aborts (soon, if it already has); the returned function unregisters it. */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    let live = true;
    queueMicrotask(() => live && fn());
    return () => void (live = false);
  }
  const listeners = hubOf(signal);
  // Its own entry, so the same function registered twice is called twice, as it was asked.
  const entry = () => fn();
  listeners.add(entry);
  return () => void listeners.delete(entry);
}

function hubOf(signal: AbortSignal): Set<() => void> {
  const known = hubs.get(signal);
  if (known) return known;
  const listeners = new Set<() => void>();
  signal.addEventListener(
    "abort",
    () => {
      const all = [...listeners];
      listeners.clear();
      for (const f of all) {
        try {
          f();
        } catch (e) {
          // As EventTarget does: one listener's error is reported, and the others still run.
          queueMicrotask(() => {
            throw e;
          });
        }
      }
    },
    { once: true },
  );
  hubs.set(signal, listeners);
  return listeners;
}
