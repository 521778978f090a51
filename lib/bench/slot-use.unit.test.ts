import { describe, expect, it } from "vitest";
import { slotUse } from "./slot-use";

describe("slotUse", () => {
  it("counts each answered call's slot from arrival to answer, clipped to the run", () => {
    const calls = [
      { role: "analyst", at: 0, servedMs: 100 },
      { role: "analyst", at: 50, servedMs: 100 },
      { role: "mapper", at: 100, servedMs: 100 },
      { role: "merger", at: 150, servedMs: 100 }, // ends after the run's 200 ms: half of it counts
      { role: "merger", at: 190 }, // never answered: holds nothing
    ];
    const r = slotUse(calls, 2, 200);
    expect(r.overall).toBeCloseTo((100 + 100 + 100 + 50) / (2 * 200));
    expect(r.windows.map((w) => [w.role, w.calls, w.from, w.to])).toEqual([
      ["analyst", 2, 0, 150],
      ["mapper", 1, 100, 200],
      ["merger", 2, 150, 250],
    ]);
    // Analyst start to last map answer: 0–200 ms, with the merger's first 50 ms inside it.
    expect(r.pipeline).toBeCloseTo((100 + 100 + 100 + 50) / (2 * 200));
  });

  it("has no pipeline figure without analyst and map calls", () => {
    expect(slotUse([{ role: "merger", at: 0, servedMs: 10 }], 4, 10).pipeline).toBeUndefined();
  });
});
