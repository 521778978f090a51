"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { TOutline } from "@/lib/trajectories/outline";
import { VIEWER_PAGE_SIZE } from "@/lib/trajectories/limits";
import type { TPageStep } from "@/lib/trajectories/steps";
import { apiFetch } from "@/lib/queries/api";

export const PAGE_SIZE = VIEWER_PAGE_SIZE;
export type TFilterMode = "all" | "errors" | "tools" | `tool:${string}`;

export function useOutline(ws: string, id: string) {
  return useQuery({ queryKey: ["w", ws, "trajectory", id, "outline"], queryFn: ({ signal }) => apiFetch<{ outline: TOutline }>(`/api/w/${ws}/trajectories/${id}/outline`, { signal }).then((r) => r.outline), staleTime: Infinity });
}

/** The step indices shown under a filter, in order; before the outline arrives, all `stepCount` steps. */
export function visibleIndices(outline: TOutline | undefined, mode: TFilterMode, stepCount: number): number[] {
  if (!outline) return mode === "all" ? Array.from({ length: stepCount }, (_, i) => i) : [];
  const all = Array.from({ length: outline.count }, (_, i) => i);
  if (mode === "all") return all;
  if (mode === "errors") return outline.errors;
  if (mode === "tools") return all.filter((i) => outline.kinds[i] === "c" || outline.kinds[i] === "r");
  const tool = outline.toolNames.indexOf(mode.slice(5));
  return all.filter((i) => outline.tools[i] === tool);
}

/** Loads only the pages that hold the given step indices; returns a lookup by index. */
export function useStepPages(ws: string, id: string, indices: number[], firstPage?: TPageStep[]) {
  const pages = useMemo(() => [...new Set(indices.map((i) => Math.floor(i / PAGE_SIZE)))].sort((a, b) => a - b), [indices]);
  const results = useQueries({
    queries: pages.map((p) => ({
      queryKey: ["w", ws, "trajectory", id, "page", p],
      queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<{ steps: TPageStep[] }>(`/api/w/${ws}/trajectories/${id}/steps?from=${p * PAGE_SIZE}&limit=${PAGE_SIZE}`, { signal }).then((r) => r.steps),
      staleTime: Infinity,
      // The server renders the first page into the HTML, so the first screen needs no request.
      initialData: p === 0 ? firstPage : undefined,
    })),
  });
  const byIndex = new Map<number, TPageStep>();
  for (const r of results) for (const s of r.data ?? []) byIndex.set(s.index, s);
  return byIndex;
}

export type TSearch = { query: string; matches: number; steps: number[]; truncated: boolean };

export function searchTrace(ws: string, id: string, q: string): Promise<TSearch> {
  return apiFetch<TSearch>(`/api/w/${ws}/trajectories/${id}/search?q=${encodeURIComponent(q)}`);
}
