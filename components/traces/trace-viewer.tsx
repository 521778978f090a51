"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { isTypingTarget } from "../shell/shortcuts";
import { Skeleton } from "../ui/skeleton";
import { StepRow } from "./step-row";
import { TraceToolbar } from "./trace-toolbar";
import type { TPageStep } from "@/lib/trajectories/steps";
import { searchTrace, useOutline, useStepPages, visibleIndices, type TFilterMode, type TSearch } from "./use-trace-data";

// The timeline: a virtual list over the outline (a few bytes per step), step bodies loaded page by
// page as they scroll into view, so 20,000 steps keep a small DOM and a fast first paint.

const noopSubscribe = () => () => undefined;

function estimate(length: number | undefined): number {
  if (!length) return 64;
  return Math.min(560, 64 + Math.ceil(length / 110) * 19);
}

type TTraceViewerProps = {
  ws: string;
  trajectoryId: string;
  stepCount: number;
  firstPage?: TPageStep[];
  markedSteps?: number[];
  /** Off where the host screen owns j/k/e (the lessons screen moves between lessons with them). */
  shortcuts?: boolean;
  /** Told about every step the viewer goes to (click, deep link, search), e.g. to show what cites it. */
  onActiveChange?: (index: number) => void;
};

export function TraceViewer({ ws, trajectoryId, stepCount, firstPage, markedSteps = [], shortcuts = true, onActiveChange }: TTraceViewerProps) {
  const outline = useOutline(ws, trajectoryId);
  const [mode, setMode] = useState<TFilterMode>("all");
  const [active, setActive] = useState<number>();
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<TSearch>();
  const [searching, setSearching] = useState(false);
  const [matchPos, setMatchPos] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const visible = useMemo(() => visibleIndices(outline.data, mode, stepCount), [outline.data, mode, stepCount]);
  const marked = useMemo(() => new Set(markedSteps), [markedSteps]);
  const paired = useMemo(() => {
    const m = new Map<number, number>();
    for (const [c, r] of outline.data?.pairs ?? []) {
      m.set(c, r);
      m.set(r, c);
    }
    return m;
  }, [outline.data]);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimate(outline.data?.lengths[visible[i]] ?? firstPage?.[visible[i]]?.textLength),
    overscan: 4,
    getItemKey: (i) => visible[i],
  });
  const items = virtualizer.getVirtualItems();
  // The server (and the first client render) show the first steps as a plain list, so the first
  // screen is in the HTML; after hydration the virtual list takes over.
  const hydrated = useSyncExternalStore(noopSubscribe, () => true, () => false);
  const steps = useStepPages(ws, trajectoryId, items.map((it) => visible[it.index]), firstPage);

  const jumpTo = useCallback(
    (index: number) => {
      if (!outline.data || index < 0 || index >= outline.data.count) {
        toast.error(`There is no step ${index}.`);
        return;
      }
      let pos = visible.indexOf(index);
      if (pos < 0) {
        // The step is hidden by the filter: show everything, then go there.
        setMode("all");
        pos = index;
      }
      setActive(index);
      onActiveChange?.(index);
      window.history.replaceState(null, "", `#step-${index}`);
      requestAnimationFrame(() => virtualizer.scrollToIndex(pos, { align: "start" }));
    },
    [outline.data, visible, virtualizer, onActiveChange],
  );

  // Deep links (#step-42): on load once the outline is known, and when the hash changes later.
  const deepLinked = useRef(false);
  useEffect(() => {
    if (!outline.data) return;
    const follow = () => {
      const m = /^#step-(\d+)$/.exec(window.location.hash);
      if (m && Number(m[1]) !== active) jumpTo(Number(m[1]));
    };
    if (!deepLinked.current) {
      deepLinked.current = true;
      follow();
    }
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [outline.data, jumpTo, active]);

  const move = useCallback(
    (delta: 1 | -1) => {
      if (!visible.length) return;
      const pos = active === undefined ? -1 : visible.indexOf(active);
      const next = visible[Math.max(0, Math.min(visible.length - 1, pos + delta))];
      jumpTo(next);
    },
    [active, visible, jumpTo],
  );
  const nextError = useCallback(() => {
    const errors = outline.data?.errors ?? [];
    if (!errors.length) return;
    jumpTo(errors.find((e) => e > (active ?? -1)) ?? errors[0]);
  }, [outline.data, active, jumpTo]);
  const runSearch = useCallback(async () => {
    const q = query.trim();
    if (!q) {
      setSearch(undefined);
      return;
    }
    setSearching(true);
    try {
      const r = await searchTrace(ws, trajectoryId, q);
      setSearch(r);
      setMatchPos(0);
      if (r.steps.length) jumpTo(r.steps[0]);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Search failed.");
    } finally {
      setSearching(false);
    }
  }, [query, ws, trajectoryId, jumpTo]);
  const stepMatch = useCallback(
    (delta: 1 | -1) => {
      if (!search?.steps.length) return;
      const pos = (matchPos + delta + search.steps.length) % search.steps.length;
      setMatchPos(pos);
      jumpTo(search.steps[pos]);
    },
    [search, matchPos, jumpTo],
  );

  // j/k step, e next error, / search: off while typing.
  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === "j") move(1);
      else if (e.key === "k") move(-1);
      else if (e.key === "e") nextError();
      else if (e.key === "/") {
        e.preventDefault();
        searchRef.current?.focus();
      } else return;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, nextError, shortcuts]);

  const highlightQuery = search?.matches ? search.query : undefined;
  return (
    <div className="flex h-full min-h-0 flex-col rounded-lg border border-slate-200 bg-slate-50">
      <TraceToolbar ref={searchRef} outline={outline.data} mode={mode} onMode={setMode} query={query} onQuery={setQuery} onSearch={runSearch} search={search} searching={searching} matchPos={matchPos} onMatch={stepMatch} onJumpTo={jumpTo} onNextError={nextError} />
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="trace-scroll" data-ready={hydrated && Boolean(outline.data)}>
        {outline.error ? (
          <p className="p-4 text-sm text-red-700">{outline.error.message}</p>
        ) : !hydrated ? (
          <div>
            {(firstPage ?? []).slice(0, 12).map((step) => (
              <div key={step.index} className="border-b border-slate-200">
                <StepRow ws={ws} trajectoryId={trajectoryId} step={step} active={false} marked={marked.has(step.index)} onJump={() => undefined} />
              </div>
            ))}
          </div>
        ) : visible.length === 0 ? (
          <p className="p-6 text-sm text-slate-500" data-testid="trace-empty">{mode === "all" ? "This trajectory has no steps." : "No step matches this filter."}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((it) => {
              const index = visible[it.index];
              const step = steps.get(index);
              return (
                <div key={it.key} ref={virtualizer.measureElement} data-index={it.index} className="absolute left-0 right-0 border-b border-slate-200" style={{ transform: `translateY(${it.start}px)` }}>
                  {step ? (
                    <StepRow ws={ws} trajectoryId={trajectoryId} step={step} query={highlightQuery} active={active === index} marked={marked.has(index)} pairedIndex={paired.get(index)} onJump={jumpTo} />
                  ) : (
                    <div className="px-4 py-3" data-testid="step-placeholder">
                      <span className="font-mono text-xs text-slate-400">#{index}</span>
                      <Skeleton className="mt-2 h-8 w-full" />
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
