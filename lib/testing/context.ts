// What the db projects' global setup hands to test workers (vitest `provide`/`inject`).

export type TDbEngine = "pglite" | "postgresql";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database this project's tests use. */
    databaseUrl: string;
    dbEngine: TDbEngine;
    /** A maintenance database on the same server, for tests that need another fresh database (PostgreSQL only). */
    adminDatabaseUrl: string | null;
  }
}
