import { parseArgs } from "node:util";
import { db } from "../../db/client";
import { createRun } from "../../distill/create-run";
import { driveRun } from "../../distill/drive-run";
import { ZCreateRun, type TCreateRun } from "../../distill/run-config";
import { describeProgress, readRunSummary, type TRunSummary } from "../../distill/run-summary";
import { env } from "../../env";
import { notFound } from "../../errors";
import { enqueue } from "../../jobs/boss";
import { distillRun } from "../../jobs/definitions";
import { HEARTBEAT_MS } from "../../jobs/worker";
import { llmFromEnv } from "../../llm/from-env";
import { ensureDefaultWorkspace } from "../../seed/bootstrap";
import { asUsageError, CliUsageError, type TCliIo, type TCommand } from "./command";

// `t2s distill --pool <name> …`: starts a distillation run. Without --wait the run is queued for
// the workers and the command returns its id. With --wait the command stays until the run ends:
// when a worker is alive (heartbeat within three intervals, as /api/health counts them) the run
// goes to the queue and the command follows it; otherwise — or with --in-process — nothing is
// queued and this process drives the run itself, so `t2s distill --wait` works with no worker and
// no `npm start`. Ctrl-C asks the run to cancel (partial results are kept), wherever it runs.

export type TDistillOptions = { input: TCreateRun; workspace?: string; wait: boolean; inProcess: boolean; json: boolean };

const USAGE = `Usage: npm run t2s -- distill --pool <name> [--workspace <slug>]
         (--skill <name>[@<version>] | --create <name> --description <text>)
         [--analysts error|success|combined] [--fan-in 5] [--max-levels 5] [--min-support 2]
         [--low-support reference|hold] [--concurrency 16] [--budget-usd X] [--sample N]
         [--include-unknown] [--wait [--in-process]] [--json]

Distils the pool's evolve trajectories into a proposal that deepens a skill version (or creates a
new skill). Uses the LLM of OPENAI_BASE_URL / OPENAI_API_KEY, else the rule-based analyst and merger.
  --wait         stay until the run ends, printing progress to stderr; the run is driven by a live
                 worker if there is one, else by this process
  --in-process   with --wait: always drive the run in this process (no worker, no queue)
  --json         print {runId, status, stage, trajectories, analyses, items, tokensIn, tokensOut,
                 costUsd, error} on stdout
Exit codes: 0 succeeded (or queued without --wait), 1 failed, 2 bad arguments, 3 cancelled or
stopped at the budget (partial results kept).`;

const FLAG_OF: Record<string, string> = { fanIn: "--fan-in", maxLevels: "--max-levels", minSupport: "--min-support", lowSupport: "--low-support", budgetUsd: "--budget-usd", includeUnknown: "--include-unknown", create: "--create" };

function toNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || v.trim() === "") throw new CliUsageError(`${flag}: "${v}" is not a number.`);
  return n;
}

function parseDistillArgs(argv: string[]): TDistillOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        pool: { type: "string", short: "p" },
        workspace: { type: "string", short: "w" },
        skill: { type: "string", short: "s" },
        create: { type: "string" },
        description: { type: "string" },
        analysts: { type: "string" },
        "fan-in": { type: "string" },
        "max-levels": { type: "string" },
        "min-support": { type: "string" },
        "low-support": { type: "string" },
        concurrency: { type: "string" },
        "budget-usd": { type: "string" },
        sample: { type: "string" },
        "include-unknown": { type: "boolean" },
        wait: { type: "boolean" },
        "in-process": { type: "boolean" },
        json: { type: "boolean" },
      },
    }));
  } catch (e) {
    asUsageError(e);
  }
  if (!values.pool) throw new CliUsageError("--pool <name> is required.");
  if (!values.skill && !values.create) throw new CliUsageError("Give --skill <name>[@<version>] to deepen, or --create <name> --description <text>.");
  if (values.create && values.description === undefined) throw new CliUsageError("--create needs --description <text> (the new skill's front-matter description).");
  if (values["in-process"] && !values.wait) throw new CliUsageError("--in-process only makes sense with --wait.");
  const config = Object.fromEntries(
    Object.entries({
      analysts: values.analysts,
      fanIn: toNumber("--fan-in", values["fan-in"]),
      maxLevels: toNumber("--max-levels", values["max-levels"]),
      minSupport: toNumber("--min-support", values["min-support"]),
      lowSupport: values["low-support"],
      concurrency: toNumber("--concurrency", values.concurrency),
      budgetUsd: toNumber("--budget-usd", values["budget-usd"]),
      sample: toNumber("--sample", values.sample),
      includeUnknown: values["include-unknown"],
    }).filter(([, v]) => v !== undefined),
  );
  const parsed = ZCreateRun.safeParse({ pool: values.pool, skill: values.skill, create: values.create ? { name: values.create, description: values.description } : undefined, config });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path.at(issue.path[0] === "config" ? 1 : 0) ?? "");
    throw new CliUsageError(`${FLAG_OF[key] ?? (key ? `--${key}` : "arguments")}: ${issue.message}`);
  }
  return { input: parsed.data, workspace: values.workspace, wait: values.wait ?? false, inProcess: values["in-process"] ?? false, json: values.json ?? false };
}

async function resolveWorkspace(slug: string | undefined): Promise<{ id: string; slug: string }> {
  if (!slug) return ensureDefaultWorkspace();
  const ws = await db().workspace.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!ws) throw notFound("workspace");
  return ws;
}

async function countLiveWorkers(): Promise<number> {
  return db().workerHeartbeat.count({ where: { lastSeenAt: { gte: new Date(Date.now() - 3 * HEARTBEAT_MS) } } });
}

const FINAL = new Set(["succeeded", "failed", "cancelled"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Prints a progress line whenever the run's figures change, until the run ends (or `driving` settles). */
async function followRun(runId: string, io: TCliIo, driving: Promise<void> | null, pollMs: number): Promise<TRunSummary> {
  let last = "";
  let done = false;
  let failure: { error: unknown } | undefined;
  // Never rejects, so a failure while a poll is in flight is not an unhandled rejection.
  const finished = driving?.then(
    () => void (done = true),
    (error: unknown) => void ((done = true), (failure = { error })),
  );
  for (;;) {
    const ended = done;
    const s = await readRunSummary(runId);
    const line = describeProgress(s);
    if (line !== last) io.stderr(`[distill] ${line}\n`);
    last = line;
    if (failure) throw failure.error;
    if (driving ? ended : FINAL.has(s.status)) return s;
    await Promise.race([sleep(pollMs), finished ?? sleep(pollMs)]);
  }
}

export async function runDistill(options: TDistillOptions, io: TCliIo, opts: { pollMs?: number } = {}): Promise<{ code: number; summary: TRunSummary; workspace: string; drivenBy: "queued" | "worker" | "this process" }> {
  const ws = await resolveWorkspace(options.workspace);
  const llm = llmFromEnv();
  const inProcess = options.wait && (options.inProcess || (await countLiveWorkers()) === 0);
  const start = inProcess ? async () => undefined : async (runId: string) => void (await enqueue(distillRun, { runId }, { singletonKey: runId }));
  const { id } = await createRun(ws.id, undefined, options.input, { llm, start });
  io.stderr(`[distill] run ${id} created: /w/${ws.slug}/runs/${id} (${llm ? "LLM" : "rule-based: no LLM configured"})\n`);
  if (!options.wait) return { code: 0, summary: await readRunSummary(id), workspace: ws.slug, drivenBy: "queued" };

  io.stderr(`[distill] ${inProcess ? "driving the run in this process" : "a worker is alive: following the queued run"}; Ctrl-C cancels it\n`);
  const cancel = () => void db().distillRun.update({ where: { id }, data: { cancelRequested: true } }).catch(() => undefined);
  process.once("SIGINT", cancel);
  try {
    const driving = inProcess ? driveRun(id, { llm, maskSecrets: env().T2S_MASK_SECRETS }) : null;
    const summary = await followRun(id, io, driving, opts.pollMs ?? 1000);
    const code = summary.status === "succeeded" ? 0 : summary.status === "cancelled" ? 3 : 1;
    if (summary.error) io.stderr(`[distill] ${summary.error}\n`);
    return { code, summary, workspace: ws.slug, drivenBy: inProcess ? "this process" : "worker" };
  } finally {
    process.off("SIGINT", cancel);
  }
}

export const distillCommand: TCommand<TDistillOptions> = {
  name: "distill",
  usage: USAGE,
  needsDatabase: true,
  parse: parseDistillArgs,
  run: async (options, io) => {
    const { code, summary, workspace } = await runDistill(options, io);
    if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout(`${summary.runId}\t/w/${workspace}/runs/${summary.runId}\t${summary.status}\n`);
    return code;
  },
};

