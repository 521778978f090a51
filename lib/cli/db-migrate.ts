import { env } from "../env";
import { applyMigrations } from "../db/migrator";
import { startEmbeddedPostgres } from "../db/embedded";

// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database in
// T2S_DATA_DIR when DATABASE_URL is unset (the same database `npm start` uses; stop it first).
const e = env();
const embedded = e.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: e.T2S_DATA_DIR });
try {
  const applied = await applyMigrations(e.DATABASE_URL ?? embedded!.url);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date: no pending migrations.");
} finally {
  await embedded?.stop();
}
