import { defineConfig } from "prisma/config";

// Used by the standard Prisma CLI (e.g. `prisma migrate deploy` on a machine with network access).
// The product itself migrates through lib/db/migrator.ts and never needs the CLI's engines.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
