import { afterAll, inject } from "vitest";
import { setEnv } from "../env";
import { disconnectDb } from "../db/client";
import "./context";

// Runs in each db test file before its imports: point lib/env.ts at this project's database, and
// close this file's connections afterwards so a single-session PGlite is not left with stale clients.

setEnv({ DATABASE_URL: inject("databaseUrl") });

afterAll(async () => {
  const holder = globalThis as unknown as { __t2sBoss?: { boss: Promise<{ stop: (o: object) => Promise<void> }> } };
  const boss = holder.__t2sBoss;
  holder.__t2sBoss = undefined;
  if (boss) await (await boss.boss.catch(() => undefined))?.stop({ graceful: false, close: true }).catch(() => undefined);
  await disconnectDb();
});
