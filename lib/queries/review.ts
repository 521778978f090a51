import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { TItemView } from "../review/items";
import type { TCommentView } from "../review/comments";
import type { TRunAuditEvent } from "../review/run-audit";
import type { TSkillDiff } from "../skills/diff";
import type { TLintFinding } from "../skills/lint";

// Query keys and fetchers of the review screen. Filters are plain string maps (what the URL holds),
// so the list key and the URL are the same thing.

export type TItemFilterParams = Record<string, string>;
export type TItemList = { items: TItemView[]; groups: { file: string; sections: { section: string; itemIds: string[] }[] }[]; counts: Record<"pending" | "accepted" | "edited" | "rejected", number> };
export type TItemDetail = {
  item: TItemView;
  files: { file: string; base: string; proposed: string; original: string; applies: boolean };
  lessons: { id: string; kind: string; title: string; description: string; content: string; stepRefs: number[]; status: string; trajectoryId: string }[];
  trajectories: { id: string; externalId: string | null; outcome: string; taskId: string | null }[];
};
export type TPreview = { base: Record<string, string>; files: Record<string, string>; outcomes: { id: string; status: string; reason: string | null }[]; conflicts: unknown[]; diff: TSkillDiff; lint: TLintFinding[] };

export const reviewKeys = {
  run: (ws: string, run: string) => ["w", ws, "run", run, "review"] as const,
  items: (ws: string, run: string, filter: TItemFilterParams) => ["w", ws, "run", run, "review", "items", filter] as const,
  preview: (ws: string, run: string) => ["w", ws, "run", run, "review", "preview"] as const,
  audit: (ws: string, run: string, filter: TItemFilterParams) => ["w", ws, "run", run, "review", "audit", filter] as const,
  item: (ws: string, id: string) => ["w", ws, "item", id] as const,
  comments: (ws: string, id: string) => ["w", ws, "item", id, "comments"] as const,
};

const qs = (params: TItemFilterParams) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "")).toString();

export const itemsQuery = (ws: string, run: string, filter: TItemFilterParams) =>
  queryOptions({ queryKey: reviewKeys.items(ws, run, filter), queryFn: ({ signal }) => apiFetch<TItemList>(`/api/w/${ws}/runs/${run}/items?${qs(filter)}`, { signal }) });

export const itemDetailQuery = (ws: string, id: string) => queryOptions({ queryKey: reviewKeys.item(ws, id), queryFn: ({ signal }) => apiFetch<TItemDetail>(`/api/w/${ws}/items/${id}`, { signal }) });

export const commentsQuery = (ws: string, id: string) =>
  queryOptions({ queryKey: reviewKeys.comments(ws, id), queryFn: ({ signal }) => apiFetch<{ comments: TCommentView[] }>(`/api/w/${ws}/items/${id}/comments`, { signal }) });

export const previewQuery = (ws: string, run: string) => queryOptions({ queryKey: reviewKeys.preview(ws, run), queryFn: ({ signal }) => apiFetch<TPreview>(`/api/w/${ws}/runs/${run}/preview`, { signal }) });

export const runAuditQuery = (ws: string, run: string, filter: TItemFilterParams) =>
  queryOptions({ queryKey: reviewKeys.audit(ws, run, filter), queryFn: ({ signal }) => apiFetch<{ events: TRunAuditEvent[] }>(`/api/w/${ws}/runs/${run}/audit?${qs(filter)}`, { signal }) });

export type TDecisionBody = { action: "accept" | "reset"; version: number } | { action: "reject"; version: number; reason: string } | { action: "edit"; version: number; file: string };

export const postDecision = (ws: string, id: string, body: TDecisionBody) => apiFetch<{ item: TItemView }>(`/api/w/${ws}/items/${id}/decision`, { method: "POST", body });
export const postChoose = (ws: string, id: string, version: number) => apiFetch<{ chosen: TItemView; rejected: string[] }>(`/api/w/${ws}/items/${id}/choose`, { method: "POST", body: { version } });
export const patchAssignee = (ws: string, id: string, version: number, assigneeId: string | null) => apiFetch<{ item: TItemView }>(`/api/w/${ws}/items/${id}/assignee`, { method: "PATCH", body: { version, assigneeId } });
export const postComment = (ws: string, id: string, body: string, parentId?: string) => apiFetch<{ comment: TCommentView }>(`/api/w/${ws}/items/${id}/comments`, { method: "POST", body: { body, parentId } });
export const postBulk = (ws: string, run: string, body: { filter: Record<string, unknown>; action: "accept" | "reject"; reason?: string; expected: number }) =>
  apiFetch<{ changed: number; ids: string[] }>(`/api/w/${ws}/runs/${run}/items/bulk`, { method: "POST", body });
export const postRemerge = (ws: string, run: string) => apiFetch<{ runId: string }>(`/api/w/${ws}/runs/${run}/remerge`, { method: "POST" });
