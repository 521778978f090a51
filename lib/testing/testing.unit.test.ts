import { describe, expect, it } from "vitest";
import { fillPath } from "./http";
import { discoverRouteFiles, routePattern } from "./routes";

// The authorization test is only as good as its route discovery; check that it sees the tree.
describe("route discovery", () => {
  it("finds route files, including dynamic and catch-all segments", () => {
    const files = discoverRouteFiles();
    expect(files).toContain("app/api/health/route.ts");
    expect(files).toContain("app/api/auth/[...all]/route.ts");
    expect(files.some((f) => f.includes("[ws]"))).toBe(true);
  });

  it("turns file paths into URL patterns and fills them", () => {
    expect(routePattern("app/api/w/[ws]/members/[memberId]/route.ts")).toBe("/api/w/[ws]/members/[memberId]");
    expect(fillPath("/api/w/[ws]/members/[memberId]", { ws: "demo", memberId: "m 1" })).toBe("/api/w/demo/members/m%201");
    expect(() => fillPath("/api/w/[ws]", {})).toThrow(/\[ws\]/);
  });
});
