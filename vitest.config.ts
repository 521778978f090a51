import path from "node:path";
import { defineConfig } from "vitest/config";

// Two kinds of tests: `*.unit.test.ts` need nothing, `*.db.test.ts` get a fresh migrated database
// from lib/testing/global-setup.ts — an in-memory PGlite always, plus a real PostgreSQL database
// when TEST_DATABASE_URL names a server (the db-postgres project runs the same files against it).

const root = path.dirname(new URL(import.meta.url).pathname);

const dbProject = (name: "db" | "db-postgres", groupOrder: number) => ({
  extends: true as const,
  test: {
    name,
    include: ["lib/**/*.db.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/db-setup.ts"],
    // PGlite is one database session; files also assert global facts such as the live worker count.
    fileParallelism: false,
    // One worker runs all of a project's files in turn, importing Prisma, better-auth and pg-boss once
    // instead of per file. Tests own their rows, so files do not depend on fresh module state.
    isolate: false,
    sequence: { groupOrder },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve: { alias: [{ find: /^@\//, replacement: `${root}/` }] },
  test: {
    env: {
      NODE_ENV: "test",
      T2S_AUTH_SECRET: "test-secret-not-for-production-0123456789abcdef",
      T2S_BASE_URL: "http://localhost:3000",
      LOG_LEVEL: "warn",
    },
    projects: [
      { extends: true, test: { name: "unit", include: ["lib/**/*.unit.test.ts"] } },
      dbProject("db", 1),
      ...(process.env.TEST_DATABASE_URL ? [dbProject("db-postgres", 2)] : []),
    ],
  },
});
