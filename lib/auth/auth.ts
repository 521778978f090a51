import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { db } from "../db/client";
import { baseUrl, env } from "../env";

// Accounts and sessions (better-auth, email + password). Public sign-up is off: people join through
// the one-time setup link, an invitation, or an admin adding them (lib/auth/users.ts).

function createAuth() {
  const e = env();
  const secret = e.T2S_AUTH_SECRET;
  if (!secret) throw new Error("T2S_AUTH_SECRET is not set. `npm start` provides one; set it yourself when running processes separately.");
  const url = baseUrl(e);
  return betterAuth({
    appName: "Trace2Skill Studio",
    baseURL: url,
    secret,
    trustedOrigins: [url, `http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`],
    database: prismaAdapter(db(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8, maxPasswordLength: 256 },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    telemetry: { enabled: false },
    // Brute-force protection on password sign-in, loose enough for a team behind one NAT address.
    rateLimit: { enabled: e.NODE_ENV !== "test", window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: 20 } } },
    advanced: { useSecureCookies: url.startsWith("https://") },
  });
}

export type TAuth = ReturnType<typeof createAuth>;

const holder = globalThis as unknown as { __t2sAuth?: { key: string; auth: TAuth } };

export function auth(): TAuth {
  const e = env();
  const key = `${e.DATABASE_URL}|${e.T2S_AUTH_SECRET}|${baseUrl(e)}`;
  if (holder.__t2sAuth?.key !== key) holder.__t2sAuth = { key, auth: createAuth() };
  return holder.__t2sAuth.auth;
}
