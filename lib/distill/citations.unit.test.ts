import { describe, expect, test } from "vitest";
import { validateCitations } from "./citations";

describe("validateCitations", () => {
  const steps = [0, 1, 2, 5, 6];

  test("valid refs pass sorted and deduplicated", () => {
    expect(validateCitations([{ stepRefs: [6, 1, 1] }], steps)).toEqual({ items: [{ stepRefs: [1, 6] }], counts: { repaired: 0, droppedRefs: 0, droppedItems: 0, invalid: 0 } });
  });

  test("a ref next to an existing step is moved to the nearest one; a far one is dropped", () => {
    const { items, counts } = validateCitations([{ stepRefs: [3, 7, 40, 2] }], steps);
    // 3 → 2 (nearest, lower on a tie with 5 is not needed: |3-2| = 1 < |3-5| = 2); 7 → 6; 40 dropped.
    expect(items).toEqual([{ stepRefs: [2, 6] }]);
    expect(counts).toEqual({ repaired: 2, droppedRefs: 1, droppedItems: 0, invalid: 3 });
  });

  test("an item left without a valid ref is dropped and counted", () => {
    const { items, counts } = validateCitations([{ stepRefs: [100, -4], title: "x" }, { stepRefs: [0], title: "y" }], steps);
    expect(items.map((i) => i.title)).toEqual(["y"]);
    expect(counts).toEqual({ repaired: 0, droppedRefs: 2, droppedItems: 1, invalid: 2 });
  });

  test("an item with no refs at all is dropped", () => {
    expect(validateCitations([{ stepRefs: [] }], steps).counts.droppedItems).toBe(1);
  });
});
