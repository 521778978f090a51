import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { TMergeNodeDetail, TMergeTree } from "../distill/merge-tree";
import type { TRunDetail } from "../distill/run-detail";
import type { TFailuresPage } from "../distill/run-failures";
import type { TRunProgress } from "../distill/run-progress";

// Query keys and fetchers for a distillation run. The progress key is also written by the SSE
// stream (components/runs/use-run-events.ts), so every reader sees the latest object.

export const runKeys = {
  all: (ws: string) => ["w", ws, "runs"] as const,
  run: (ws: string, run: string) => ["w", ws, "runs", run] as const,
  detail: (ws: string, run: string) => ["w", ws, "runs", run, "detail"] as const,
  progress: (ws: string, run: string) => ["w", ws, "runs", run, "progress"] as const,
  failures: (ws: string, run: string, offset: number) => ["w", ws, "runs", run, "failures", offset] as const,
  tree: (ws: string, run: string) => ["w", ws, "runs", run, "merge-tree"] as const,
  node: (ws: string, run: string, node: string) => ["w", ws, "runs", run, "merge-tree", node] as const,
};

const base = (ws: string, run: string) => `/api/w/${ws}/runs/${encodeURIComponent(run)}`;

export const runDetailQuery = (ws: string, run: string) =>
  queryOptions({ queryKey: runKeys.detail(ws, run), queryFn: async ({ signal }) => (await apiFetch<{ run: TRunDetail }>(base(ws, run), { signal })).run });

export const runProgressQuery = (ws: string, run: string) =>
  queryOptions({ queryKey: runKeys.progress(ws, run), queryFn: async ({ signal }) => (await apiFetch<{ progress: TRunProgress }>(`${base(ws, run)}/progress`, { signal })).progress });

export const runFailuresQuery = (ws: string, run: string, offset: number) =>
  queryOptions({ queryKey: runKeys.failures(ws, run, offset), queryFn: ({ signal }) => apiFetch<TFailuresPage>(`${base(ws, run)}/failures?offset=${offset}&limit=20`, { signal }) });

export const mergeTreeQuery = (ws: string, run: string) =>
  queryOptions({ queryKey: runKeys.tree(ws, run), queryFn: async ({ signal }) => (await apiFetch<{ tree: TMergeTree }>(`${base(ws, run)}/merge-tree`, { signal })).tree });

export const mergeNodeQuery = (ws: string, run: string, node: string) =>
  queryOptions({ queryKey: runKeys.node(ws, run, node), queryFn: async ({ signal }) => (await apiFetch<{ node: TMergeNodeDetail }>(`${base(ws, run)}/merge-tree?node=${encodeURIComponent(node)}`, { signal })).node });

export const runEventsUrl = (ws: string, run: string) => `${base(ws, run)}/events`;
export const runActionUrl = (ws: string, run: string, action: "cancel" | "retry") => `${base(ws, run)}/${action}`;
