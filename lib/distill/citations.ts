import type { TCitationCounts } from "./lessons";

// Step citations are what make a lesson reviewable beside its trace, so an analyst's refs are
// checked against the steps that really exist. A ref within REPAIR_DISTANCE of an existing step is
// moved to the nearest one (an off-by-one, or the thought next to the call it meant); anything
// further away is an invented step and is dropped rather than clamped to the last step, which would
// point the curator at evidence the analyst never named. An item left without refs is dropped.

export const REPAIR_DISTANCE = 2;

type TCited = { stepRefs: number[] };

/** The existing step index nearest to `ref` within REPAIR_DISTANCE (lower one on a tie), or undefined. */
function findNearestStep(ref: number, sorted: number[]): number | undefined {
  let best: number | undefined;
  for (const s of sorted) {
    const d = Math.abs(s - ref);
    if (d > REPAIR_DISTANCE) continue;
    if (best === undefined || d < Math.abs(best - ref)) best = s;
  }
  return best;
}

export function emptyCitationCounts(): TCitationCounts {
  return { repaired: 0, droppedRefs: 0, droppedItems: 0, invalid: 0 };
}

export function addCitationCounts(a: TCitationCounts, b: TCitationCounts): TCitationCounts {
  const repaired = a.repaired + b.repaired;
  const droppedRefs = a.droppedRefs + b.droppedRefs;
  return { repaired, droppedRefs, droppedItems: a.droppedItems + b.droppedItems, invalid: repaired + droppedRefs };
}

/** Items with refs repaired or dropped (sorted, deduplicated), items without a valid ref removed, and the counts. */
export function validateCitations<T extends TCited>(items: T[], toStepIndices: Iterable<number>): { items: T[]; counts: TCitationCounts } {
  const existing = new Set(toStepIndices);
  const sorted = [...existing].sort((a, b) => a - b);
  const counts = emptyCitationCounts();
  const kept: T[] = [];
  for (const item of items) {
    const refs = new Set<number>();
    for (const ref of item.stepRefs) {
      if (Number.isInteger(ref) && existing.has(ref)) {
        refs.add(ref);
        continue;
      }
      const near = Number.isInteger(ref) ? findNearestStep(ref, sorted) : undefined;
      if (near === undefined) counts.droppedRefs++;
      else {
        counts.repaired++;
        refs.add(near);
      }
    }
    if (refs.size === 0) {
      counts.droppedItems++;
      continue;
    }
    kept.push({ ...item, stepRefs: [...refs].sort((a, b) => a - b) });
  }
  counts.invalid = counts.repaired + counts.droppedRefs;
  return { items: kept, counts };
}
