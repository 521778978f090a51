import { describe, expect, it } from "vitest";
import { hasRole, ROLES, type TRole } from "./roles";
import { generateToken, hashToken, sameHash } from "./tokens";

describe("hasRole", () => {
  // Each role includes the powers of every role before it, and none after.
  const cases = ROLES.flatMap((actual) => ROLES.map((needed) => [actual, needed, ROLES.indexOf(actual) >= ROLES.indexOf(needed)] as const));
  it.each(cases)("%s has %s: %s", (actual, needed, expected) => {
    expect(hasRole(actual, needed)).toBe(expected);
  });

  it("grants nothing without a role", () => {
    expect(hasRole(undefined, "viewer" as TRole)).toBe(false);
  });
});

describe("tokens", () => {
  it("are prefixed, random and compared by hash", () => {
    const a = generateToken("t2s");
    const b = generateToken("t2s");
    expect(a).toMatch(/^t2s_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hashToken(a), hashToken(a))).toBe(true);
    expect(sameHash(hashToken(a), hashToken(b))).toBe(false);
    expect(sameHash(hashToken(a), "abcd")).toBe(false);
  });
});
