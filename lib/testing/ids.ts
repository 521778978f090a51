import { randomBytes } from "node:crypto";

// Random names keep tests independent: each owns the rows it creates, so files and reruns never
// collide on unique columns (emails, slugs, pool names) in a shared database.

export function randomId(prefix = "t"): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export function randomEmail(prefix = "user"): string {
  return `${randomId(prefix)}@example.test`;
}

export function randomSlug(prefix = "ws"): string {
  return randomId(prefix).toLowerCase();
}
