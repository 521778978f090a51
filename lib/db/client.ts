import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";

// The one Prisma client of a process. Server code only: the web tier, workers and CLIs import it,
// components never do. Cached on globalThis so Next's dev reloads do not open a pool per reload.

export type TDb = PrismaClient;

const holder = globalThis as unknown as { __t2sDb?: { url: string; client: PrismaClient; pool: pg.Pool } };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. `npm start` sets it for the processes it launches; a separate `npm run worker` needs it too.",
    );
  }
  return url;
}

function current() {
  const url = databaseUrl();
  if (holder.__t2sDb?.url !== url) {
    // Small pools: PGlite serialises queries anyway, and a real PostgreSQL is shared by many processes.
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    holder.__t2sDb = { url, client: new PrismaClient({ adapter }), pool };
  }
  return holder.__t2sDb;
}

export function db(): PrismaClient {
  return current().client;
}

/**
 * The pg pool under db(), for bulk writes only (the importer): a raw query through Prisma
 * serialises and re-parses every parameter, which for megabytes of JSON per batch costs more CPU
 * than the database spends storing it. Everything else goes through db().
 */
export function bulkPool(): pg.Pool {
  return current().pool;
}

export async function disconnectDb(): Promise<void> {
  const c = holder.__t2sDb;
  holder.__t2sDb = undefined;
  await c?.client.$disconnect();
  // Prisma ends the pool only if it connected; a process that used bulkPool() alone ends it here.
  if (c && !c.pool.ended) await c.pool.end().catch(() => undefined);
}

export { Prisma } from "../generated/prisma/client";
export type * from "../generated/prisma/client";
