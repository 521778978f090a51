import { describe, expect, it } from "vitest";
import { discoverRouteFiles, routePattern } from "../testing/routes";
import { REGISTRY_OPENAPI } from "./openapi";

// The OpenAPI document is hand-written; this keeps it honest about which endpoints exist.

/** app/api/registry/[ws]/skills/[name] → /api/registry/{ws}/skills/{name} */
const toOpenApiPath = (pattern: string) => pattern.replace(/\[([^\]]+)\]/g, "{$1}");

describe("registry OpenAPI document", () => {
  const files = discoverRouteFiles().filter((f) => f.startsWith("app/api/registry/"));

  it("describes every route file under app/api/registry, and nothing else", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(REGISTRY_OPENAPI.paths).sort()).toEqual(files.map((f) => toOpenApiPath(routePattern(f))).sort());
  });

  it("is OpenAPI 3.1 with every path parameter declared and every $ref resolvable", () => {
    expect(REGISTRY_OPENAPI.openapi).toBe("3.1.0");
    for (const [p, item] of Object.entries(REGISTRY_OPENAPI.paths)) {
      const declared = (("parameters" in item.get ? item.get.parameters : []) as readonly { name: string; in: string }[]).filter((x) => x.in === "path").map((x) => x.name);
      expect(declared.sort(), p).toEqual([...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort());
    }
    const refs = [...JSON.stringify(REGISTRY_OPENAPI).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(REGISTRY_OPENAPI.components.schemas, r).toHaveProperty(r);
  });
});
