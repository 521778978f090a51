import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { childEnv } from "../../env";

// A real `npm run worker` process (lib/jobs/worker-main.ts) against the test database, for tests
// that kill a worker mid-run. Its output is kept for the failure message; "started" is awaited so a
// test knows the worker is polling before it counts on it.

export type TChildWorker = { child: ChildProcess; output: () => string; kill: (signal?: NodeJS.Signals) => Promise<void> };

export async function spawnWorker(env: Record<string, string | undefined>): Promise<TChildWorker> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("lib/jobs/worker-main.ts")], { env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => void (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => void (output += c.toString()));
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  };
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 60_000);
    const check = () => {
      if (/\[worker\] \S+ started/.test(output)) (clearTimeout(timer), resolve(true));
    };
    child.stdout!.on("data", check);
    child.once("exit", () => (clearTimeout(timer), resolve(false)));
  });
  if (!started) {
    await kill();
    throw new Error(`The worker did not start:\n${output}`);
  }
  return { child, output: () => output, kill };
}
