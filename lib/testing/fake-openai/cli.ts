import path from "node:path";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { reviveScript, type TFakeScript } from "./script";
import { startFakeOpenAI } from "./server";

// Runs the fake server on its own, for e2e tests and benchmarks:
//   node --import tsx lib/testing/fake-openai/cli.ts [--script <file.json|file.ts|file.mjs>] [--port <n>] [--host <h>]
// Prints FAKE_OPENAI_BASE_URL=<url>/v1 on stdout once listening; SIGINT/SIGTERM close it.

function readArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function loadScript(file: string | undefined): Promise<TFakeScript> {
  if (!file) return {};
  const abs = path.resolve(file);
  if (abs.endsWith(".json")) return reviveScript(JSON.parse(await readFile(abs, "utf8")));
  const mod = (await import(pathToFileURL(abs).href)) as { default?: TFakeScript | (() => TFakeScript | Promise<TFakeScript>) };
  const exported = mod.default;
  if (exported === undefined) throw new Error(`${file} has no default export (a script or a function returning one).`);
  return typeof exported === "function" ? await exported() : exported;
}

async function runCli(): Promise<void> {
  const script = await loadScript(readArg("script"));
  const port = Number(readArg("port") ?? 0);
  const server = await startFakeOpenAI(script, { port, host: readArg("host") });
  process.stdout.write(`FAKE_OPENAI_BASE_URL=${server.baseURL}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

runCli().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
