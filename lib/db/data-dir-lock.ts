import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "../errors";

// PGlite is a single-process database: two processes opening one data directory would corrupt it.
// A pid file guards it. A lock left by a killed process (kill -9) names a pid that no longer runs,
// so it is taken over at once instead of waiting for a staleness timeout.

type TLockInfo = { pid: number; hostname: string; startedAt: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): TLockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as TLockInfo;
  } catch {
    return undefined;
  }
}

export type TDataDirLock = { file: string; release: () => void };

export function lockDataDir(dir: string): TDataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "studio.lock");
  const info: TLockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const held = readLock(file);
        if (held?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const held = readLock(file);
      if (held && held.pid !== process.pid && held.hostname === os.hostname() && isAlive(held.pid)) {
        throw new AppError(
          "conflict:data_dir",
          `The data directory ${path.resolve(dir)} is in use by another Trace2Skill Studio process (pid ${held.pid}, started ${held.startedAt}). ` +
            `Stop that process first, or set T2S_DATA_DIR to a different directory.`,
        );
      }
      // Stale lock from a process that died without cleaning up: remove it and try once more.
      fs.rmSync(file, { force: true });
    }
  }
  throw new AppError("conflict:data_dir", `Could not lock the data directory ${path.resolve(dir)}.`);
}
