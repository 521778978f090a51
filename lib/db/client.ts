import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";

// The one Prisma client of a process. Server code only: the web tier, workers and CLIs import it,
// components never do. Cached on globalThis so Next's dev reloads do not open a pool per reload.

export type TDb = PrismaClient;

const holder = globalThis as unknown as { __t2sDb?: { url: string; client: PrismaClient } };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. `npm start` sets it for the processes it launches; a separate `npm run worker` needs it too.",
    );
  }
  return url;
}

export function db(): PrismaClient {
  const url = databaseUrl();
  if (holder.__t2sDb?.url !== url) {
    // Small pools: PGlite serialises queries anyway, and a real PostgreSQL is shared by many processes.
    const adapter = new PrismaPg({ connectionString: url, max: 5 });
    holder.__t2sDb = { url, client: new PrismaClient({ adapter }) };
  }
  return holder.__t2sDb.client;
}

export async function disconnectDb(): Promise<void> {
  const current = holder.__t2sDb;
  holder.__t2sDb = undefined;
  await current?.client.$disconnect();
}

export { Prisma } from "../generated/prisma/client";
export type * from "../generated/prisma/client";
