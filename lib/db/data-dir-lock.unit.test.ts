import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir } from "./data-dir-lock";
import { AppError } from "../errors";

// The lock guards against a second process, so the holder here is a real child process.

const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "t2s-lock-"));
  dirs.push(dir);
  return dir;
}

/** Starts a process that takes the lock on `dir`; resolves once it holds it. */
async function holdLockInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/testing/hold-lock.ts"), dir], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const [chunk] = (await Promise.race([once(child.stdout!, "data"), once(child, "exit").then(() => [Buffer.from("exited")])])) as [Buffer];
  expect(chunk.toString()).toMatch(/^locked \d+/);
  return child;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  await exited;
}

afterEach(async () => {
  for (const c of children.splice(0)) await kill(c, "SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("takes a free directory and releases it", () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it("refuses a directory another live process holds, naming that process", async () => {
    const dir = tempDir();
    const child = await holdLockInChild(dir);
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("conflict:data_dir");
    expect((err as AppError).message).toContain(`in use by another Trace2Skill Studio process (pid ${child.pid}`);
    expect((err as AppError).message).toContain("T2S_DATA_DIR");
  });

  it("takes over the lock of a process that was killed without cleaning up", async () => {
    const dir = tempDir();
    const child = await holdLockInChild(dir);
    // SIGKILL skips the child's exit handler, so its lock file stays behind naming a dead pid.
    await kill(child, "SIGKILL");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "studio.lock"), "utf8")).pid).toBe(child.pid);
    const lock = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
  });
});
