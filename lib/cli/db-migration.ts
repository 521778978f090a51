import path from "node:path";
import { createMigration } from "../db/migrator";

// npm run db:migration -- <name>: writes a new migration from the difference between the newest
// migration's schema snapshot and prisma/schema.prisma. Needs no database and no network.
const name = process.argv.slice(2).join("_");
if (!name) {
  console.error("Usage: npm run db:migration -- <name>   (e.g. npm run db:migration -- add_comments)");
  process.exit(2);
}
const folder = await createMigration(name);
if (folder) console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
else console.log("schema.prisma matches the newest migration: nothing to write.");
