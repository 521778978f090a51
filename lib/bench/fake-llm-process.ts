import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { distillScript } from "../testing/fake-openai/distill-script";
import { startFakeOpenAI } from "../testing/fake-openai/server";
import type { TFakeRequest } from "../testing/fake-openai/script";

// The benchmark's LLM runs in a process of its own, as a real endpoint does: its CPU (JSON in and
// out of 2,000+ requests, the scripted answers) is not the engine's. The parent asks it over IPC
// for what it saw.

export type TFakeStats = { requests: Pick<TFakeRequest, "role" | "schemaName" | "receivedAt" | "servedMs">[]; maxInFlight: number; cpuMs: number };
type TMessage = { type: "reset" } | { type: "stats" };

export type TFakeLlmProcess = { baseURL: string; reset(): Promise<void>; stats(): Promise<TFakeStats>; close(): Promise<void> };

function ask<T>(child: ChildProcess, msg: TMessage): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send(msg);
  });
}

export async function startFakeLlmProcess(latencyMs: number): Promise<TFakeLlmProcess> {
  const child = fork(fileURLToPath(import.meta.url), ["--child", String(latencyMs)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { baseURL } = await new Promise<{ baseURL: string }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { baseURL: string }));
    child.once("exit", (code) => reject(new Error(`the fake LLM process exited (${code})`)));
  });
  return {
    baseURL,
    reset: () => ask(child, { type: "reset" }),
    stats: () => ask(child, { type: "stats" }),
    close: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function runChild(latencyMs: number): Promise<void> {
  const fake = await startFakeOpenAI(distillScript({ latencyMs }));
  let cpu0 = process.cpuUsage();
  process.on("message", (m: TMessage) => {
    if (m.type === "reset") {
      fake.reset();
      cpu0 = process.cpuUsage();
      process.send!({});
    } else {
      const cpu = process.cpuUsage(cpu0);
      process.send!({
        requests: fake.requests.map((q) => ({ role: q.role, schemaName: q.schemaName, receivedAt: q.receivedAt, servedMs: q.servedMs })),
        maxInFlight: fake.maxInFlight,
        cpuMs: (cpu.user + cpu.system) / 1000,
      } satisfies TFakeStats);
    }
  });
  process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
  process.send!({ baseURL: fake.baseURL });
}

if (process.argv[2] === "--child") void runChild(Number(process.argv[3]));
