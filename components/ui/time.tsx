"use client";

import { useSyncExternalStore } from "react";

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

export function relative(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  // The shared clock ticks every 30 s (and rounds), so something that just happened can look ahead.
  if (seconds > 0 && seconds < 60) return "just now";
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? "just now" : rtf.format(seconds, "second");
}

// A coarse clock shared by every <Time>, ticking each 30 s, so relative times stay fresh without effects.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(cb: () => void) {
  listeners.add(cb);
  // The clock stops while nothing shows a time; restart it from now, or a later screen would show
  // times relative to when the last one unmounted ("in 2 minutes" for something just done).
  if (!timer) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 30_000);
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Relative time with the absolute time on hover. */
export function Time({ iso }: { iso: string | null | undefined }) {
  const current = useSyncExternalStore(subscribe, () => now, () => 0);
  if (!iso) return <span className="text-slate-400">—</span>;
  const abs = new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC";
  return (
    <time dateTime={iso} title={abs} suppressHydrationWarning>
      {current === 0 ? abs : relative(iso, current)}
    </time>
  );
}
