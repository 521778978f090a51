// The shape every `npm run t2s -- <command>` subcommand has: parse the arguments first (so a typo
// fails before any database starts), then run against the database the dispatcher opened.

export type TCliIo = { stdout: (text: string) => void; stderr: (text: string) => void };

export type TCommand<TOptions> = {
  name: string;
  usage: string;
  /** Whether the dispatcher must open a database (DATABASE_URL, a running `npm start`, or the embedded one) before `run`. */
  needsDatabase: boolean;
  /** Throws CliUsageError on bad arguments. */
  parse: (argv: string[]) => TOptions;
  /** Resolves to the process exit code. */
  run: (options: TOptions, io: TCliIo) => Promise<number>;
};

export class CliUsageError extends Error {}

/** node:util parseArgs errors (unknown option, missing value) as usage errors. */
export function asUsageError(e: unknown): never {
  if (e instanceof CliUsageError) throw e;
  if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS")) throw new CliUsageError(e.message);
  throw e;
}
