import type { TItemView } from "@/lib/review/items";

// Small pure helpers shared by the review components.

export const FILTER_KEYS = ["status", "file", "minSupport", "lowSupport", "conflict", "flagged", "assignee", "q"] as const;

export function filterFrom(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** "7 (5E 2S)": trajectories behind the edit, split by the analyst perspective that saw it. */
export function supportLabel(i: Pick<TItemView, "support" | "supportError" | "supportSuccess">): string {
  return `${i.support} (${i.supportError}E ${i.supportSuccess}S)`;
}

export const STATUS_TONE = { pending: "amber", accepted: "green", edited: "blue", rejected: "red" } as const;

export function sectionLabel(section: string): string {
  return section ? section : "(whole file)";
}

/** The first line where `next` differs from `prev` (1-based), to scroll the diff to the change. */
export function firstChangedLine(prev: string, next: string): number {
  const a = prev.split("\n");
  const b = next.split("\n");
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return i + 1;
  return 1;
}
