import fs from "node:fs";
import path from "node:path";
import { env, setEnv } from "./env";

// The launcher writes runtime.json into the data directory: where its embedded database listens.
// Extra workers and CLI commands started separately read it to join the same database.

export type TRuntimeInfo = { pid: number; databaseUrl: string; embedded: boolean; url: string; startedAt: string };

export function runtimeFile(dataDir = env().T2S_DATA_DIR): string {
  return path.join(dataDir, "runtime.json");
}

export function writeRuntimeInfo(info: TRuntimeInfo, dataDir = env().T2S_DATA_DIR): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(runtimeFile(dataDir), JSON.stringify(info, null, 2));
}

export function clearRuntimeInfo(dataDir = env().T2S_DATA_DIR): void {
  fs.rmSync(runtimeFile(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readRuntimeInfo(dataDir = env().T2S_DATA_DIR): TRuntimeInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(runtimeFile(dataDir), "utf8")) as TRuntimeInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/** DATABASE_URL if set, else the embedded database of a running launcher; exits with a clear message otherwise. */
export function resolveRuntimeDatabaseUrl(): string {
  const e = env();
  if (e.DATABASE_URL) return e.DATABASE_URL;
  const info = readRuntimeInfo();
  if (info) {
    setEnv({ DATABASE_URL: info.databaseUrl });
    return info.databaseUrl;
  }
  console.error(
    `No database to join: DATABASE_URL is unset and no running \`npm start\` was found in ${path.resolve(e.T2S_DATA_DIR)}.\n` +
      "Start the product first (npm start), or set DATABASE_URL to a PostgreSQL database.",
  );
  process.exit(2);
}
