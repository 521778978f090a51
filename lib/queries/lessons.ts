import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { TLessonView, TTrajectoryLessons, TTrajectoryPage, TUpdateLesson } from "../review/lesson-schemas";
import type { TCallDetail, TCallPage } from "../review/llm-calls";
import type { TPromptCatalog } from "../review/prompt-catalog";

// Query keys and fetchers for the lessons screen, the LLM calls page and the prompt catalog.

export type TTrajectoryFilters = { outcome?: string; status?: string; kind?: string; lessonStatus?: string; taskSpecific?: string };
export type TCallFilters = { role?: string; stepKey?: string; error?: string };

export const lessonKeys = {
  run: (ws: string, run: string) => ["w", ws, "run", run] as const,
  trajectories: (ws: string, run: string, filters: TTrajectoryFilters) => ["w", ws, "run", run, "trajectories", filters] as const,
  trajectory: (ws: string, run: string, trajectory: string) => ["w", ws, "run", run, "lessons", trajectory] as const,
  calls: (ws: string, run: string, filters: TCallFilters) => ["w", ws, "run", run, "calls", filters] as const,
  call: (ws: string, run: string, call: string) => ["w", ws, "run", run, "call", call] as const,
  prompts: (ws: string, run?: string) => ["w", ws, "prompts", run ?? null] as const,
};

const search = (params: Record<string, string | undefined>) => new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();

export const runTrajectoriesQuery = (ws: string, run: string, filters: TTrajectoryFilters) =>
  infiniteQueryOptions({
    queryKey: lessonKeys.trajectories(ws, run, filters),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) => apiFetch<TTrajectoryPage>(`/api/w/${ws}/runs/${run}/lessons?${search({ ...filters, limit: "100", cursor: pageParam === undefined ? undefined : String(pageParam) })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const trajectoryLessonsQuery = (ws: string, run: string, trajectory: string) =>
  queryOptions({ queryKey: lessonKeys.trajectory(ws, run, trajectory), queryFn: ({ signal }) => apiFetch<TTrajectoryLessons>(`/api/w/${ws}/runs/${run}/lessons/${trajectory}`, { signal }) });

export function patchLesson(ws: string, id: string, body: TUpdateLesson): Promise<{ lesson: TLessonView }> {
  return apiFetch<{ lesson: TLessonView }>(`/api/w/${ws}/lessons/${id}`, { method: "PATCH", body });
}

export const runCallsQuery = (ws: string, run: string, filters: TCallFilters) =>
  infiniteQueryOptions({
    queryKey: lessonKeys.calls(ws, run, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => apiFetch<TCallPage>(`/api/w/${ws}/runs/${run}/calls?${search({ ...filters, limit: "50", cursor: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const runCallQuery = (ws: string, run: string, call: string) =>
  queryOptions({ queryKey: lessonKeys.call(ws, run, call), queryFn: ({ signal }) => apiFetch<{ call: TCallDetail }>(`/api/w/${ws}/runs/${run}/calls/${call}`, { signal }).then((r) => r.call), staleTime: Infinity });

export const promptCatalogQuery = (ws: string, run?: string) =>
  queryOptions({ queryKey: lessonKeys.prompts(ws, run), queryFn: ({ signal }) => apiFetch<TPromptCatalog>(`/api/w/${ws}/prompts${run ? `?run=${encodeURIComponent(run)}` : ""}`, { signal }), staleTime: 60_000 });
