import { z } from "zod";

// Per-workspace roles, each including the powers of those before it.
export const ROLES = ["viewer", "curator", "publisher", "admin"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const ROLE_LABEL: Record<TRole, string> = {
  viewer: "Viewer",
  curator: "Curator",
  publisher: "Publisher",
  admin: "Admin",
};

export const ROLE_POWERS: Record<TRole, string> = {
  viewer: "reads pools, runs, proposals, skills and the registry",
  curator: "also uploads pools, launches runs and decides on lessons and proposal items",
  publisher: "also publishes skill versions and moves unprotected tags",
  admin: "also manages members, API keys, protected tags and settings",
};

export function roleRank(role: TRole): number {
  return ROLES.indexOf(role);
}

export function hasRole(actual: TRole | undefined, needed: TRole): boolean {
  return actual !== undefined && roleRank(actual) >= roleRank(needed);
}
