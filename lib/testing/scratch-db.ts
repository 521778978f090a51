import { inject } from "vitest";
import { startEmbeddedPostgres } from "../db/embedded";
import { createFreshDatabase } from "./global-setup";
import "./context";

// A second, empty database of the same engine as the project's, for tests that must start from
// nothing (e.g. applying migrations) without disturbing the shared migrated one.
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("adminDatabaseUrl");
  if (inject("dbEngine") === "postgresql" && adminUrl) return createFreshDatabase(adminUrl);
  const server = await startEmbeddedPostgres({});
  return { url: server.url, drop: server.stop };
}
