import fs from "node:fs";
import path from "node:path";
import type { TAccess } from "../http/route";
import type { TRouteFn } from "./http";

// Finds every app/api route handler on disk, so tests can compare what exists with what they cover.

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export type TDiscoveredRoute = { key: string; method: string; pattern: string; file: string; handler: TRouteFn & { meta?: { access?: TAccess } } };

export function discoverRouteFiles(root = process.cwd()): string[] {
  return fs.globSync("app/api/**/route.ts", { cwd: root }).map((f) => f.split(path.sep).join("/")).sort();
}

/** app/api/w/[ws]/members/route.ts → /api/w/[ws]/members */
export function routePattern(file: string): string {
  return `/${path.posix.dirname(file).replace(/^app\//, "")}`;
}

export async function discoverRoutes(root = process.cwd()): Promise<TDiscoveredRoute[]> {
  const out: TDiscoveredRoute[] = [];
  for (const file of discoverRouteFiles(root)) {
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const pattern = routePattern(file);
      out.push({ key: `${method} ${pattern}`, method, pattern, file, handler: handler as TDiscoveredRoute["handler"] });
    }
  }
  return out;
}
