import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type TRole } from "../auth/roles";
import { createTestApiKey, createTestUser, createTestWorkspace, type TTestUser, type TTestWorkspace } from "../testing/builders";
import { callRoute, signIn, type TCredentials } from "../testing/http";
import { PUBLIC_ROUTES, ROUTE_CASES, type TRouteCase } from "../testing/route-cases";
import { discoverRoutes, type TDiscoveredRoute } from "../testing/routes";

// Every API route × caller: anonymous, each role just below the one required, the required role as a
// member and as an API key, a key of another workspace and a revoked key.

const routes = new Map<string, TDiscoveredRoute>();
let ws: TTestWorkspace;
const members = {} as Record<TRole, TCredentials>;
const keys = {} as Record<TRole, TCredentials>;
let outsider: TCredentials;
let foreignKey: TCredentials;
let revokedKey: TCredentials;

async function memberCreds(user: TTestUser): Promise<TCredentials> {
  return { cookie: await signIn(user.email, user.password!) };
}

beforeAll(async () => {
  for (const r of await discoverRoutes()) routes.set(r.key, r);
  ws = await createTestWorkspace();
  const other = await createTestWorkspace();
  for (const role of ROLES) {
    members[role] = await memberCreds(await createTestUser({ workspace: ws, role }));
    keys[role] = { apiKey: (await createTestApiKey({ workspace: ws, role })).key };
  }
  outsider = await memberCreds(await createTestUser());
  foreignKey = { apiKey: (await createTestApiKey({ workspace: other, role: "admin" })).key };
  revokedKey = { apiKey: (await createTestApiKey({ workspace: ws, role: "admin", revoked: true })).key };
});

async function call(key: string, c: TRouteCase, creds: TCredentials): Promise<Response> {
  const route = routes.get(key);
  if (!route) throw new Error(`${key} is in ROUTE_CASES but no such handler exists`);
  const input = (await c.prepare?.(ws)) ?? {};
  return callRoute(route.handler, { method: route.method, path: route.pattern, params: { ws: ws.slug, ...input.params }, body: input.body, query: input.query, creds });
}

async function expectStatus(res: Response, status: number): Promise<void> {
  const body = res.status === status ? "" : await res.text();
  expect(res.status, body).toBe(status);
}

describe("route inventory", () => {
  it("covers exactly the routes that exist", () => {
    expect([...routes.keys()].sort()).toEqual(Object.keys(ROUTE_CASES).sort());
  });

  it("declares the access each route is expected to have", () => {
    for (const [key, route] of routes) expect(route.handler.meta?.access, key).toBe(ROUTE_CASES[key]?.access);
  });

  it("keeps public only the known public routes", () => {
    const publicRoutes = [...routes.values()].filter((r) => r.handler.meta?.access === "public").map((r) => r.key);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });
});

const lowerRole = (role: TRole): TRole | undefined => ROLES[ROLES.indexOf(role) - 1];

for (const [key, c] of Object.entries(ROUTE_CASES)) {
  if (c.access === "public") continue;
  // A registry route in the matrix's private workspace is a viewer route; public reads are tested beside the pull API.
  const access = c.access === "registry" ? "viewer" : c.access;
  describe(`${key} (${access})`, () => {
    it("answers 401 without a session or key", async () => {
      await expectStatus(await call(key, c, undefined), 401);
    });

    it("answers 401 for a revoked API key", async () => {
      await expectStatus(await call(key, c, revokedKey), 401);
    });

    if (access === "signed_in") {
      it("refuses API keys: it acts for a person", async () => {
        await expectStatus(await call(key, c, keys.admin), 403);
      });
      it(`answers ${c.ok} to a signed-in person`, async () => {
        await expectStatus(await call(key, c, outsider), c.ok!);
      });
      return;
    }

    const lower = lowerRole(access);
    it(lower ? `answers 403 to a ${lower} member` : "answers 403 to a signed-in non-member", async () => {
      await expectStatus(await call(key, c, lower ? members[lower] : outsider), 403);
    });
    if (lower) {
      it(`answers 403 to a ${lower} API key`, async () => {
        await expectStatus(await call(key, c, keys[lower]), 403);
      });
    }
    it("answers 403 to an API key of another workspace", async () => {
      await expectStatus(await call(key, c, foreignKey), 403);
    });
    it(`answers ${c.ok} to a ${access} member`, async () => {
      await expectStatus(await call(key, c, members[access]), c.ok!);
    });
    it(`answers ${c.ok} to a ${access} API key, like a member`, async () => {
      await expectStatus(await call(key, c, keys[access]), c.ok!);
    });
  });
}
