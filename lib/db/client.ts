import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";

// The one Prisma client of a process. Server code only: the web tier, workers and CLIs import it,
// components never do. Cached on globalThis so Next's dev reloads do not open a pool per reload.

export type TDb = PrismaClient;

const holder = globalThis as unknown as { __t2sDb?: { url: string; client: PrismaClient; pool: pg.Pool; engine?: pg.Pool } };

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

async function relaxCommits(client: pg.ClientBase): Promise<void> {
  await client.query("SET synchronous_commit = off").catch(() => undefined);
}

/**
 * The run engine's own small pool (durable step claims and commits, LLM call records), whose
 * sessions run with synchronous_commit off: a commit returns without waiting for the WAL flush,
 * which took 20–40 ms per batch on a real disk and sat on every lane's path twice per trajectory.
 * A PostgreSQL crash can then lose the last fraction of a second of these commits — never part of
 * one (each is atomic) and never a later one without an earlier one (the WAL is sequential) — and
 * the run redoes those LLM calls on resume. Everything else (publishing, reviews) stays fully
 * synchronous on the main pool.
 */
export function enginePool(): pg.Pool {
  const c = current();
  if (!c.engine) {
    // Set before the pool hands a new session out: pg-pool awaits onConnect (@types/pg says void),
    // where a "connect" listener ran it alongside the first query, which pg 8 deprecates and 9 refuses.
    c.engine = new pg.Pool({ connectionString: c.url, max: 4, onConnect: relaxCommits as (client: pg.ClientBase) => void });
  }
  return c.engine;
}

export async function disconnectDb(): Promise<void> {
  const c = holder.__t2sDb;
  holder.__t2sDb = undefined;
  if (c?.engine) await c.engine.end().catch(() => undefined);
  await c?.client.$disconnect();
  // Prisma ends the pool only if it connected; a process that used bulkPool() alone ends it here.
  if (c && !c.pool.ended) await c.pool.end().catch(() => undefined);
}

export { Prisma } from "../generated/prisma/client";
export type * from "../generated/prisma/client";
