import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { startEmbeddedPostgres } from "./embedded";

// Migrations without the network: the Prisma CLI would download a native schema engine, so we drive
// the WebAssembly build of the same engine (@prisma/schema-engine-wasm) through the pg driver adapter.
// The migration folders keep Prisma's standard layout, so `prisma migrate deploy` accepts them too.

const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
const SCHEMA_FILE = path.join(PRISMA_DIR, "schema.prisma");
const LOCK_FILE = "migration_lock.toml";

type TEngine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

// On globalThis, not in a module variable: a process can evaluate this file more than once (a test
// runner per project, a dev server's reloads), and a second instantiation would swap the wasm under
// an engine that is still running.
const holder = globalThis as unknown as { __t2sSchemaEngineGlue?: Promise<Record<string, any>> };

/** The wasm glue keeps one module-global instance, so instantiate it once per process. */
function loadGlue(): Promise<Record<string, any>> {
  holder.__t2sSchemaEngineGlue ??= (async () => {
    // The package's default entry imports the .wasm as an ES module, which Node refuses; load the
    // glue module and instantiate the wasm ourselves instead.
    const bg = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Record<string, any>;
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as any).__wbindgen_start?.();
    return bg;
  })();
  return holder.__t2sSchemaEngineGlue;
}

type TScriptAdapter = { executeScript(script: string): Promise<void>; onError?(e: unknown): never };

// adapter-pg's executeScript splits a migration on every ";", even inside comments, string literals
// and function bodies, so valid SQL failed to apply. Send the script whole, as the native engine and
// `prisma migrate deploy` do; PostgreSQL runs multi-statement simple queries itself.
function wholeScriptAdapter(factory: PrismaPg, pool: pg.Pool): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    (adapter as unknown as TScriptAdapter).executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (e) {
        // Keep the adapter's error translation, so the engine reports the database's own message.
        (adapter as unknown as TScriptAdapter).onError?.(e);
        throw e;
      }
    };
    return adapter;
  };
  return factory;
}

async function openSchemaEngine(connectionString: string, schemaText: string): Promise<{ engine: TEngine; close: () => Promise<void> }> {
  const bg = await loadGlue();
  // Our own pool, ended on close: engine.free() leaves the adapter's connection open, and with it the
  // session advisory lock the engine takes, so the next migration on a real PostgreSQL waited 10 s.
  const pool = new pg.Pool({ connectionString, max: 1 });
  pool.on("error", () => undefined);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(wholeScriptAdapter(new PrismaPg(pool), pool));
  // The engine's own progress lines; failures surface as rejected promises with their message.
  const log = () => undefined;
  try {
    const engine = (await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schemaText]] }, log, adapterFactory)) as TEngine;
    return {
      engine,
      close: async () => {
        engine.free();
        await pool.end().catch(() => undefined);
      },
    };
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
}

type TMigrationDir = { name: string; sql: string };

export function readMigrations(dir = MIGRATIONS_DIR): TMigrationDir[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => ({ name: d.name, sql: fs.readFileSync(path.join(dir, d.name, "migration.sql"), "utf8") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function migrationsList(dir: string, migrations: TMigrationDir[]) {
  const lockPath = path.join(dir, LOCK_FILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCK_FILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies every pending migration in prisma/migrations to the database; returns the names applied. */
export async function applyMigrations(connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(connectionString, fs.readFileSync(SCHEMA_FILE, "utf8"));
  try {
    const out = await engine.applyMigrations({ migrationsList: migrationsList(dir, readMigrations(dir)), filters: NO_FILTERS });
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}

// Each migration folder keeps the schema.prisma it was generated from (prisma migrate deploy ignores
// it). A new migration is the diff between the newest snapshot and the current schema: a pure
// datamodel-to-datamodel diff, because the engine cannot introspect PGlite's catalogs and the
// shadow-database route would need a second server.
const SNAPSHOT = "schema.prisma";

function latestSnapshot(dir: string): string | undefined {
  const withSnapshot = readMigrations(dir).filter((m) => fs.existsSync(path.join(dir, m.name, SNAPSHOT)));
  const last = withSnapshot.at(-1);
  return last ? fs.readFileSync(path.join(dir, last.name, SNAPSHOT), "utf8") : undefined;
}

/** The SQL that takes a database at the newest migration to the current schema.prisma. */
export async function diffSchemaAgainstMigrations(dir = MIGRATIONS_DIR): Promise<string> {
  const schemaText = fs.readFileSync(SCHEMA_FILE, "utf8");
  const previous = latestSnapshot(dir);
  if (previous === undefined && readMigrations(dir).length > 0) {
    throw new Error(`The newest migration in ${dir} has no ${SNAPSHOT} snapshot to diff against.`);
  }
  // The engine connects on start even for a datamodel diff, so give it a throwaway in-memory database.
  const scratch = await startEmbeddedPostgres({});
  const { engine, close } = await openSchemaEngine(scratch.url, schemaText).catch(async (e) => {
    await scratch.stop();
    throw e;
  });
  try {
    const out = await engine.diff({
      from: previous === undefined ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: SNAPSHOT, content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: SNAPSHOT, content: schemaText }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return out.stdout ?? "";
  } finally {
    await close();
    await scratch.stop();
  }
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql; returns its folder, or undefined when nothing changed. */
export async function createMigration(name: string, dir = MIGRATIONS_DIR): Promise<string | undefined> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
  if (!slug) throw new Error("A migration needs a name, e.g. npm run db:migration -- add_comments");
  const sql = await diffSchemaAgainstMigrations(dir);
  if (!sql.trim() || /^-- This is an empty migration\.?\s*$/m.test(sql.trim())) return undefined;
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = path.join(dir, `${stamp}_${slug}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "migration.sql"), sql);
  fs.copyFileSync(SCHEMA_FILE, path.join(folder, SNAPSHOT));
  const lockPath = path.join(dir, LOCK_FILE);
  if (!fs.existsSync(lockPath)) {
    fs.writeFileSync(lockPath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
  }
  return folder;
}
