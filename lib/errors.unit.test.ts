import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, notFound, toAppError, toResponse } from "./errors";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("AppError", () => {
  it.each([
    ["unauthenticated", 401],
    ["forbidden:role", 403],
    ["not_found:skill", 404],
    ["invalid_input", 400],
    ["conflict:last_admin", 409],
    ["payload_too_large", 413],
    ["rate_limited", 429],
    ["unavailable:queue", 503],
    ["internal", 500],
  ] as const)("maps %s to HTTP %i", (code, status) => {
    const err = new AppError(code, "message");
    expect(err.status).toBe(status);
    expect(err.kind).toBe(code.split(":")[0]);
  });

  it("treats only transient kinds as retryable unless told otherwise", () => {
    expect(new AppError("unavailable", "x").retryable).toBe(true);
    expect(new AppError("rate_limited", "x").retryable).toBe(true);
    expect(new AppError("conflict", "x").retryable).toBe(false);
    expect(new AppError("internal", "x", { retryable: true }).retryable).toBe(true);
  });

  it("names the entity in not-found errors", () => {
    expect(notFound("api_key", "API key")).toMatchObject({ code: "not_found:api_key", message: "No such API key." });
  });
});

describe("toResponse", () => {
  it("sends code, message and details of an AppError", async () => {
    const res = toResponse(new AppError("conflict:pool", "A pool named x exists.", { details: { name: "x" } }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "conflict:pool", message: "A pool named x exists.", details: { name: "x" } } });
  });

  it("turns zod failures into 400 with the failing paths", async () => {
    const parsed = z.object({ name: z.string().min(3) }).safeParse({ name: "x" });
    const res = toResponse(parsed.error);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details).toEqual([{ path: "name", message: expect.any(String) }]);
  });

  it("hides the text of unexpected errors from the caller but logs it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const secret = "password authentication failed for user postgres at 10.0.0.5";
    const res = toResponse(new Error(secret));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text).error.code).toBe("internal");
    expect(log.mock.calls.flat().map(String).join(" ")).toContain(secret);
  });

  it("keeps AppErrors as they are and wraps anything else", () => {
    const err = new AppError("forbidden", "no");
    expect(toAppError(err)).toBe(err);
    expect(toAppError("a string").code).toBe("internal");
  });
});
