import type { TFormat, TParsed, TProbe } from "../../format";
import { contentText, finishTrajectory, StepBuilder } from "../../normalize";
import type { TSourceFile } from "../../source";
import { isHumanPrompt, isRecord, readLog, selectLive, type TEntry, type TLog, type TRecord } from "./log";
import { collectUsage, emitEntries, emitSubagent, topModel, type TEmitContext } from "./steps";
import { isAgentFileName, isSessionFileName, loadSubagents, orphanCandidates, splitName, type TSubagents } from "./subagents";

// Claude Code session transcripts (~/.claude/projects/<cwd>/<sessionId>.jsonl), doc §A4.

const LINE_TYPES = new Set(["user", "assistant", "summary", "system", "progress", "file-history-snapshot", "queue-operation"]);

function detect(probe: TProbe): boolean {
  return probe.lines.some(
    (l) =>
      isRecord(l) &&
      typeof l.type === "string" &&
      LINE_TYPES.has(l.type) &&
      ("sessionId" in l || "parentUuid" in l || "uuid" in l || (l.type === "summary" && "leafUuid" in l)),
  );
}

function secondaryFiles(names: string[]): string[] {
  const all = new Set(names);
  return names.filter((name) => {
    const nested = /^(.*?)([^/]+)\/subagents\/agent-[^/]+\.jsonl$/.exec(name);
    if (nested) return all.has(`${nested[1]}${nested[2]}.jsonl`);
    const { dir, base } = splitName(name);
    return isAgentFileName(base) && names.some((n) => splitName(n).dir === dir && isSessionFileName(splitName(n).base));
  });
}

async function* parse(file: TSourceFile): AsyncGenerator<TParsed> {
  const log = await readLog(file);
  for (const issue of log.issues) yield { kind: "rejected", issue };
  const isSubagentLog = log.entries.length > 0 && log.entries.every((e) => e.sidechain);
  yield* buildAll(file, log, isSubagentLog);
  if (isSubagentLog) return;
  const orphans = orphanCandidates(file);
  for (const name of orphans.names) {
    const sibling = await file.sibling(name);
    const sub = sibling && (await readLog(sibling));
    if (!sub || (sub.sessionId && orphans.sessionIds.has(sub.sessionId))) continue;
    for (const issue of sub.issues) yield { kind: "rejected", issue };
    yield* buildAll(sibling, sub, true);
  }
}

async function* buildAll(file: TSourceFile, log: TLog, isSubagentLog: boolean): AsyncGenerator<TParsed> {
  const mainEntries = isSubagentLog ? log.entries : log.entries.filter((e) => !e.sidechain);
  if (!mainEntries.some((e) => e.type !== "system")) {
    yield { kind: "rejected", issue: { file: file.name, reason: "no user or assistant messages in this Claude Code log" } };
    return;
  }
  const { live, dropped } = selectLive(mainEntries, log.parents);
  const subs: TSubagents = isSubagentLog
    ? { byCall: new Map(), unlinked: [], issues: [], compactions: 0 }
    : await loadSubagents(file, log, live);
  for (const issue of subs.issues) yield { kind: "rejected", issue };
  try {
    yield { kind: "trajectory", trajectory: buildTrajectory(file, log, live, subs, isSubagentLog, dropped) };
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `trajectory failed validation: ${(err as Error).message}` } };
  }
}

function buildTrajectory(file: TSourceFile, log: TLog, live: TEntry[], subs: TSubagents, isSubagentLog: boolean, dropped: number) {
  const b = new StepBuilder();
  const subagents: Record<string, unknown>[] = [];
  const ctx: TEmitContext = {
    b,
    subagentsByCall: subs.byCall,
    rejectedCalls: [],
    models: new Map(),
    countedIds: new Set(),
    onSubagent: (run, callId, span) =>
      subagents.push({ agentId: run.agentId, file: run.file, toolCallId: callId, firstStep: span.first, lastStep: span.last, model: span.model }),
  };
  emitEntries(ctx, live, collectUsage(live));
  // Runs whose Task call never got a result (interrupted session), then runs no call could claim.
  for (const [callId, runs] of subs.byCall) for (const run of runs) emitSubagent(ctx, run, callId);
  for (const run of subs.unlinked) emitSubagent(ctx, run, undefined);

  const first = live.find((e) => e.rec.version !== undefined)?.rec ?? {};
  const stem = splitName(file.name).base.replace(/\.jsonl$/, "");
  const sessionId = log.sessionId ?? stem;
  return finishTrajectory({
    externalId: isSubagentLog ? `${sessionId}:agent-${log.agentId ?? stem}` : sessionId,
    instruction: findInstruction(live),
    outcome: "unknown",
    model: topModel(ctx.models),
    harness: "claude-code",
    steps: b.steps,
    metadata: clean({
      sessionId,
      agentId: isSubagentLog ? log.agentId : undefined,
      isSubagent: isSubagentLog || undefined,
      version: first.version,
      cwd: first.cwd,
      gitBranch: first.gitBranch,
      slug: first.slug,
      summary: log.summary,
      models: [...ctx.models.keys()],
      rejectedToolCalls: ctx.rejectedCalls.length ? ctx.rejectedCalls : undefined,
      subagents: subagents.length ? subagents : undefined,
      compactions: subs.compactions || undefined,
      abandonedBranchLines: dropped || undefined,
      sourceFile: file.name,
    }),
  });
}

/** First human prompt; a slash command stands for the prompt it expanded to when that follows. */
function findInstruction(entries: TEntry[]): string {
  const i = entries.findIndex(isHumanPrompt);
  if (i < 0) return "";
  const text = contentText((entries[i].rec.message as TRecord).content);
  const command = /<command-name>\s*([^<]+?)\s*<\/command-name>/.exec(text);
  if (!command) return text;
  const next = entries[i + 1];
  const expansion = next?.type === "user" && next.rec.isMeta === true ? contentText((next.rec.message as TRecord).content) : "";
  if (expansion.trim()) return expansion;
  const args = /<command-args>([\s\S]*?)<\/command-args>/.exec(text)?.[1]?.trim();
  return args ? `${command[1]} ${args}` : command[1];
}

function clean(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ""));
}

export const claudeCodeFormat: TFormat = {
  id: "claude-code",
  label: "Claude Code session (JSONL)",
  detect,
  parse,
  secondaryFiles,
};
