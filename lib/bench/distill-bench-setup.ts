import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../db/migrator";
import { generateDemoPool } from "../seed/demo-pool";

// Inputs of bench:distill: N distinct trajectories and, with BENCH_DATABASE_URL, a throwaway
// database on that server.

/** The demo pool's runs repeated as variants: a different id and instruction make each one distinct (content hash). */
export function generateBenchPool(n: number): string {
  const demo = generateDemoPool();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = demo[i % demo.length]!;
    const variant = Math.floor(i / demo.length);
    lines.push(JSON.stringify(variant === 0 ? base : { ...base, id: `${base.id}-v${variant}`, instruction: `${base.instruction} (variant ${variant})` }));
  }
  return `${lines.join("\n")}\n`;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createFreshBenchDatabase(adminUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const name = `t2s_bench_distill_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return { url: url.toString(), stop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
