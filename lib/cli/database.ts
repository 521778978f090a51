import path from "node:path";
import { env, setEnv } from "../env";
import { disconnectDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrator";
import { readRuntimeInfo } from "../runtime";

// Which database a CLI command works on: DATABASE_URL; else the embedded database of the `npm start`
// running in T2S_DATA_DIR; else that data directory's embedded database, started for the length of
// the command (and migrated, as `npm start` would). PGlite is single-process, so a command may not
// open the files while `npm start` holds them — it joins the running server instead.

export type TCliDatabase = { source: "env" | "running" | "embedded"; close: () => Promise<void> };

export async function openCliDatabase(log: (msg: string) => void): Promise<TCliDatabase> {
  const e = env();
  if (e.DATABASE_URL) return { source: "env", close: disconnectDb };
  const running = readRuntimeInfo();
  if (running) {
    setEnv({ DATABASE_URL: running.databaseUrl });
    log(`Using the database of the running npm start (pid ${running.pid}).`);
    return { source: "running", close: disconnectDb };
  }
  log(`No running npm start in ${path.resolve(e.T2S_DATA_DIR)}: starting its embedded database for this command…`);
  const embedded = await startEmbeddedPostgres({ dataDir: e.T2S_DATA_DIR });
  try {
    await applyMigrations(embedded.url);
  } catch (err) {
    await embedded.stop();
    throw err;
  }
  setEnv({ DATABASE_URL: embedded.url });
  return {
    source: "embedded",
    close: async () => {
      await disconnectDb();
      await embedded.stop();
    },
  };
}
