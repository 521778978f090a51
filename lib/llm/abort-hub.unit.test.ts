import { describe, expect, it } from "vitest";
import { onAbort } from "./abort-hub";

describe("abort listeners on a shared signal", () => {
  it("calls every registered listener once when the signal aborts, and none that unregistered", () => {
    const ac = new AbortController();
    const calls: string[] = [];
    onAbort(ac.signal, () => calls.push("a"));
    const stopB = onAbort(ac.signal, () => calls.push("b"));
    onAbort(ac.signal, () => calls.push("c"));
    stopB();
    ac.abort();
    ac.abort();
    expect(calls).toEqual(["a", "c"]);
  });

  it("calls a listener registered on a signal that has already aborted, unless it unregisters first", async () => {
    const ac = new AbortController();
    ac.abort();
    const calls: string[] = [];
    onAbort(ac.signal, () => calls.push("late"));
    onAbort(ac.signal, () => calls.push("withdrawn"))();
    await Promise.resolve();
    expect(calls).toEqual(["late"]);
  });

  it("adds a single listener to the signal however many wait on it", () => {
    const ac = new AbortController();
    let added = 0;
    const original = ac.signal.addEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof original>) => (added++, original(...a))) as typeof original;
    const stops = Array.from({ length: 200 }, () => onAbort(ac.signal, () => undefined));
    stops.forEach((s) => s());
    expect(added).toBe(1);
  });
});
