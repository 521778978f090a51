import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../db/embedded";
import { applyMigrations } from "../db/migrator";
import "./context";

// One fresh, migrated database per db project and run. The pglite project serves an in-memory PGlite
// from this (main) process; db-postgres creates a throwaway database on TEST_DATABASE_URL's server,
// so runs never see each other's rows or a previous run's leftovers.

export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Each database is labelled with the creating process, so databases of runs that crashed or were
// interrupted (no teardown) are dropped by a later run, while those of concurrent runs are kept.
const OWNER = `t2s-test ${os.hostname()} `;

async function dropOrphans(adminUrl: string): Promise<void> {
  const rows = await query<{ name: string; comment: string | null }>(
    adminUrl,
    "SELECT d.datname AS name, shobj_description(d.oid, 'pg_database') AS comment FROM pg_database d WHERE d.datname LIKE 't2s\\_test\\_%'",
  );
  for (const r of rows) {
    const pid = r.comment?.startsWith(OWNER) ? Number(r.comment.slice(OWNER.length)) : NaN;
    if (Number.isInteger(pid) && !isAlive(pid)) await query(adminUrl, `DROP DATABASE IF EXISTS ${r.name} WITH (FORCE)`).catch(() => undefined);
  }
}

/** Creates a randomly named database on the server of `adminUrl`; `drop` removes it even with open sessions. */
export async function createFreshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t2s_test_${randomBytes(6).toString("hex")}`;
  await query(adminUrl, `CREATE DATABASE ${name}`);
  await query(adminUrl, `COMMENT ON DATABASE ${name} IS '${OWNER}${process.pid}'`);
  return { url: withDatabase(adminUrl, name), drop: () => query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (project.name === "db-postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("The db-postgres project needs TEST_DATABASE_URL.");
    await dropOrphans(adminUrl);
    const fresh = await createFreshDatabase(adminUrl);
    try {
      await applyMigrations(fresh.url);
    } catch (e) {
      await fresh.drop();
      throw e;
    }
    project.provide("databaseUrl", fresh.url);
    project.provide("dbEngine", "postgresql");
    project.provide("adminDatabaseUrl", adminUrl);
    return fresh.drop;
  }
  const server = await startEmbeddedPostgres({});
  try {
    await applyMigrations(server.url);
  } catch (e) {
    await server.stop();
    throw e;
  }
  project.provide("databaseUrl", server.url);
  project.provide("dbEngine", "pglite");
  project.provide("adminDatabaseUrl", null);
  return server.stop;
}
