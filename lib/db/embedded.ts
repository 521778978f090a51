import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir } from "./data-dir-lock";
import { keepExtendedQueriesTogether } from "./pglite-queue";

// The embedded default: a WebAssembly PostgreSQL (PGlite) served on loopback over the Postgres wire
// protocol, so Prisma, pg-boss and any worker connect to it like to a real server.
// PGlite is one session shared by all connections: callers keep transactions short.

export type TEmbeddedPostgres = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

export async function startEmbeddedPostgres(opts: {
  /** Directory for the database files; omit for an in-memory database (tests, migration diffing). */
  dataDir?: string;
  port?: number;
  maxConnections?: number;
}): Promise<TEmbeddedPostgres> {
  const lock = opts.dataDir ? lockDataDir(opts.dataDir) : undefined;
  let db: PGlite | undefined;
  try {
    db = opts.dataDir ? new PGlite(path.resolve(opts.dataDir, "pgdata")) : new PGlite();
    await db.waitReady;
    const server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: opts.port ?? 0,
      maxConnections: opts.maxConnections ?? 100,
    });
    keepExtendedQueriesTogether((server as unknown as { queryQueue: Parameters<typeof keepExtendedQueriesTogether>[0] }).queryQueue);
    await server.start();
    const port = Number(server.getServerConn().split(":").pop());
    const pg = db;
    let stopped = false;
    return {
      url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await server.stop().catch(() => undefined);
        await pg.close().catch(() => undefined);
        lock?.release();
      },
    };
  } catch (e) {
    await db?.close().catch(() => undefined);
    lock?.release();
    throw e;
  }
}
