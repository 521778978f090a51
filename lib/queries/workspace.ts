import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "./api";
import type { TMemberView } from "../workspaces/members";
import type { TInvitationView } from "../workspaces/invitations";
import type { TApiKeyView } from "../workspaces/api-keys";
import type { TAuditEventView } from "../workspaces/audit-log";
import type { TPoolSummary } from "../pools/pools";

// Query keys and fetchers for workspace-level data, shared by every component that shows it.

export const workspaceKeys = {
  all: (ws: string) => ["w", ws] as const,
  members: (ws: string) => ["w", ws, "members"] as const,
  invitations: (ws: string) => ["w", ws, "invitations"] as const,
  apiKeys: (ws: string) => ["w", ws, "api-keys"] as const,
  audit: (ws: string, filters: Record<string, string>) => ["w", ws, "audit", filters] as const,
  pools: (ws: string) => ["w", ws, "pools"] as const,
};

export const membersQuery = (ws: string) =>
  queryOptions({ queryKey: workspaceKeys.members(ws), queryFn: ({ signal }) => apiFetch<{ members: TMemberView[] }>(`/api/w/${ws}/members`, { signal }) });

export const invitationsQuery = (ws: string) =>
  queryOptions({ queryKey: workspaceKeys.invitations(ws), queryFn: ({ signal }) => apiFetch<{ invitations: TInvitationView[] }>(`/api/w/${ws}/invitations`, { signal }) });

export const apiKeysQuery = (ws: string) =>
  queryOptions({ queryKey: workspaceKeys.apiKeys(ws), queryFn: ({ signal }) => apiFetch<{ apiKeys: TApiKeyView[] }>(`/api/w/${ws}/api-keys`, { signal }) });

export const poolsQuery = (ws: string) =>
  queryOptions({ queryKey: workspaceKeys.pools(ws), queryFn: ({ signal }) => apiFetch<{ pools: TPoolSummary[] }>(`/api/w/${ws}/pools`, { signal }) });

export function auditPath(ws: string, filters: Record<string, string>, before?: string): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  if (before) params.set("before", before);
  return `/api/w/${ws}/audit?${params}`;
}

export type TAuditPage = { events: TAuditEventView[]; nextCursor: string | null };
