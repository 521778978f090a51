import { isAppError } from "../errors";
import { CliUsageError, type TCliIo, type TCommand } from "./commands/command";
import { openCliDatabase, type TCliDatabase } from "./database";

// `npm run t2s -- <command> …`: a small dispatcher. Each subcommand lives in ./commands/<name>.ts
// and is loaded only when called, so `--help` and typos answer at once.

const COMMANDS: Record<string, { summary: string; load: () => Promise<TCommand<unknown>> }> = {
  skill: { summary: "skill apply <dir|zip> <patch.json> --out <dir>: apply an official Trace2Skill patch", load: async () => (await import("./commands/skill-apply")).skillCommand as TCommand<unknown> },
  runs: { summary: "runs import <artifacts> | runs export <id>: official Trace2Skill artifacts in and out", load: async () => (await import("./commands/runs")).runsCommand as TCommand<unknown> },
  import: { summary: "import trace files, directories or .zip archives into a pool", load: async () => (await import("./commands/import")).importCommand as TCommand<unknown> },
  pull: { summary: "download a published skill version into an Agent Skills folder (verified)", load: async () => (await import("./commands/pull")).pullCommand as TCommand<unknown> },
  distill: { summary: "distil a pool into a skill proposal (a run); --wait follows it to the end", load: async () => (await import("./commands/distill")).distillCommand as TCommand<unknown> },
};

const io: TCliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return ["Usage: npm run t2s -- <command> [options]", "", "Commands:", ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`), "", "Run `npm run t2s -- <command> --help` for a command's options.", ""].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.stdout(help());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  let database: TCliDatabase | undefined;
  try {
    const options = command.parse(rest);
    // Progress goes to stderr: with --json, stdout carries the JSON document only.
    if (command.needsDatabase) database = await openCliDatabase((msg) => io.stderr(`[t2s] ${msg}\n`));
    return await command.run(options, io);
  } catch (e) {
    if (e instanceof CliUsageError) io.stderr(`${e.message}\n\n${command.usage}\n`);
    else if (isAppError(e)) io.stderr(`t2s ${name}: ${e.message}\n`);
    else io.stderr(`t2s ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return e instanceof CliUsageError ? 2 : 1;
  } finally {
    await database?.close().catch(() => undefined);
  }
}

// Exit explicitly: a command is done when main returns, whatever handles a library left open.
process.exit(await main(process.argv.slice(2)));
