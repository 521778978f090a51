import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { route } from "./route";
import { AppError } from "../errors";
import { callRoute, signIn } from "../testing/http";
import { createTestUser } from "../testing/builders";

// The edge every handler shares: body parsing, validation and error translation.

afterEach(() => {
  vi.restoreAllMocks();
});

const echo = route({
  access: "public",
  body: z.object({ name: z.string().min(2) }),
  status: 201,
  handler: async ({ body }) => ({ hello: body.name }),
});

const raw = (body: string, headers: Record<string, string> = {}) =>
  echo(new Request("http://localhost:3000/api/echo", { method: "POST", body, headers: { "content-type": "application/json", ...headers } }), { params: Promise.resolve({}) });

describe("route()", () => {
  it("parses a valid body and uses the declared status", async () => {
    const res = await callRoute(echo, { method: "POST", path: "/api/echo", body: { name: "Ada" } });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ hello: "Ada" });
  });

  it("answers 400 with field details for an invalid body", async () => {
    const res = await callRoute(echo, { method: "POST", path: "/api/echo", body: { name: "A" } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "invalid_input", details: [{ path: "name" }] });
  });

  it("answers 400 for malformed JSON and 413 for an oversized body", async () => {
    const bad = await raw("{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_input:json");
    const big = await raw(JSON.stringify({ name: "x".repeat(3 * 1024 * 1024) }));
    expect(big.status).toBe(413);
  });

  it("answers 204 when the handler returns nothing, and hides internal errors", async () => {
    const empty = route({ access: "public", handler: async () => undefined });
    expect((await callRoute(empty, { method: "POST", path: "/x" })).status).toBe(204);

    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const broken = route({ access: "public", handler: async () => { throw new Error("relation \"secret_table\" does not exist"); } });
    const res = await callRoute(broken, { method: "GET", path: "/x" });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("secret_table");
  });

  it("answers 404 for a workspace that does not exist", async () => {
    const scoped = route({ access: "viewer", handler: async () => ({}) });
    const user = await createTestUser();
    const cookie = await signIn(user.email, user.password!);
    const res = await callRoute(scoped, { method: "GET", path: "/api/w/[ws]", params: { ws: "no-such-workspace-here" }, creds: { cookie } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found:workspace");
  });

  it("passes AppErrors from handlers through with their status", async () => {
    const conflict = route({ access: "public", handler: async () => { throw new AppError("conflict:thing", "Already there."); } });
    const res = await callRoute(conflict, { method: "GET", path: "/x" });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict:thing", message: "Already there." } });
  });
});
