import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from "./migrator";
import { createScratchDatabase } from "../testing/scratch-db";

// Every model's @@map table: derived from the schema so a new model is checked without editing this test.
function tablesFromSchema(): string[] {
  const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
  return [...schema.matchAll(/@@map\("([^"]+)"\)/g)].map((m) => m[1]).sort();
}

async function publicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    return res.rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

describe("migrations on an empty database", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("applies every committed migration, then nothing on a second run", async () => {
    const committed = readMigrations().map((m) => m.name);
    expect(committed.length).toBeGreaterThan(0);
    expect(await applyMigrations(scratch.url)).toEqual(committed);
    expect(await applyMigrations(scratch.url)).toEqual([]);
  });

  it("creates every table of the schema and records the migrations", async () => {
    const tables = await publicTables(scratch.url);
    const expected = tablesFromSchema();
    // Guards the derivation itself: an empty list would make the check below vacuous.
    expect(expected).toEqual(expect.arrayContaining(["users", "sessions", "workspaces", "members", "api_keys", "pools", "trajectories", "audit_events"]));
    expect(tables).toEqual(expect.arrayContaining([...expected, "_prisma_migrations"]));
  });
});

describe("the project database", () => {
  it("is already at the newest migration", async () => {
    expect(await applyMigrations(inject("databaseUrl"))).toEqual([]);
  });
});

describe("diffSchemaAgainstMigrations", () => {
  // The diff compares datamodels on its own scratch PGlite whatever the project's engine, so once is enough.
  it.runIf(inject("dbEngine") === "pglite")("finds nothing to migrate: schema.prisma matches the committed migrations", async () => {
    const sql = (await diffSchemaAgainstMigrations()).trim();
    expect(sql === "" || /^-- This is an empty migration\.?$/.test(sql), `pending migration SQL:\n${sql}`).toBe(true);
  });
});

describe("applyMigrations on hand-written SQL", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const dirs: string[] = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    await scratch?.drop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function migrationsDir(migrations: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "t2s-migrations-"));
    dirs.push(dir);
    fs.copyFileSync("prisma/migrations/migration_lock.toml", path.join(dir, "migration_lock.toml"));
    for (const [name, sql] of Object.entries(migrations)) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
    }
    return dir;
  }

  // Semicolons inside comments, literals and function bodies are ordinary in hand-written migrations.
  it("applies scripts with semicolons that do not end a statement", async () => {
    const dir = migrationsDir({
      "001_semicolons": [
        "-- a comment; with a semicolon",
        "CREATE TABLE notes (body TEXT NOT NULL DEFAULT 'a;b');",
        "CREATE FUNCTION note_count() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM notes); END; $$;",
      ].join("\n"),
    });
    expect(await applyMigrations(scratch.url, dir)).toEqual(["001_semicolons"]);
    expect(await publicTables(scratch.url)).toContain("notes");
  });

  it("fails with the database's message on invalid SQL", async () => {
    const dir = migrationsDir({ "001_broken": "CREATE TABLE broken (id INT NOT NULL,, x INT);" });
    await expect(applyMigrations(scratch.url, dir)).rejects.toThrow(/syntax error/);
  });
});
