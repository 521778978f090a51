import { describe, expect, test } from "vitest";
import { createBatcher } from "./batcher";

describe("createBatcher", () => {
  test("the first item is written at once; items arriving during a write go together in the next", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const b = createBatcher<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items.map((i) => i * 10);
      },
      { maxItems: 3 },
    );
    const first = b.add(1);
    await Promise.resolve();
    const rest = [2, 3, 4, 5].map((i) => b.add(i));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  test("an Error in an item's place fails that item only; a throw fails its whole batch, not later ones", async () => {
    let n = 0;
    const b = createBatcher<string, string>(
      async (items) => {
        if (n++ === 2) throw new Error("database down");
        return items.map((i) => (i === "bad" ? new Error(`bad item ${i}`) : i.toUpperCase()));
      },
      { maxItems: 10 },
    );
    const r1 = await Promise.allSettled([b.add("a"), b.add("bad"), b.add("c")]);
    expect(r1.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await expect(b.add("d")).rejects.toThrow("database down");
    expect(await b.add("e")).toBe("E");
  });

  test("drain waits for every item added so far", async () => {
    const written: number[] = [];
    const b = createBatcher<number, void>(
      async (items) => {
        await new Promise((r) => setTimeout(r, 5));
        written.push(...items);
        return items.map(() => undefined);
      },
      { maxItems: 2 },
    );
    for (let i = 0; i < 5; i++) void b.add(i);
    await b.drain();
    expect(written).toEqual([0, 1, 2, 3, 4]);
  });

  test("hands a batch's results out one per event-loop turn, so other callbacks run between them", async () => {
    const b = createBatcher<number, number>(async (items) => items, { maxItems: 10 });
    const order: string[] = [];
    const first = b.add(0);
    const rest = [1, 2, 3].map((i) =>
      b.add(i).then(() => {
        order.push(`result ${i}`);
        setImmediate(() => order.push(`callback after ${i}`));
      }),
    );
    await Promise.all([first, ...rest]);
    await new Promise((r) => setImmediate(r));
    // Handed out in one go, every result would come before every callback.
    expect(order.filter((o) => o.startsWith("result"))).toEqual(["result 1", "result 2", "result 3"]);
    expect(order.indexOf("callback after 1")).toBeLessThan(order.indexOf("result 3"));
  });
});
