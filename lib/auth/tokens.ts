import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Secrets handed to people (API keys, invitation and setup links) are random 256-bit tokens. Only a
// SHA-256 of each is stored: a high-entropy token needs no slow hash, and lookup stays one index probe.

export function generateToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
