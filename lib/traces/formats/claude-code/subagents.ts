import type { TParseIssue } from "../../format";
import { contentText } from "../../normalize";
import type { TSourceFile } from "../../source";
import { isHumanPrompt, isRecord, readLog, selectLive, str, type TEntry, type TLog, type TRecord } from "./log";
import type { TSubagentRun } from "./steps";

// Finds the sub-agent logs of a session (files `<sessionId>/subagents/agent-<id>.jsonl`, older
// `agent-<id>.jsonl` beside the session, or sidechain lines inline in the session itself) and
// links each one to the Task/Agent tool call that started it.

export type TSubagents = { byCall: Map<string, TSubagentRun[]>; unlinked: TSubagentRun[]; issues: TParseIssue[]; compactions: number };

const UUID_JSONL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$/i;

export function splitName(name: string): { dir: string; base: string } {
  const i = name.lastIndexOf("/");
  return { dir: name.slice(0, i + 1), base: name.slice(i + 1) };
}

export function isAgentFileName(base: string): boolean {
  return /^agent-.+\.jsonl$/.test(base);
}

/** A session file named like Claude Code names them (`<uuid>.jsonl`), the only kind sub-agent files sit beside. */
export function isSessionFileName(base: string): boolean {
  return UUID_JSONL.test(base);
}

export async function loadSubagents(file: TSourceFile, main: TLog, live: TEntry[]): Promise<TSubagents> {
  const out: TSubagents = { byCall: new Map(), unlinked: [], issues: [], compactions: 0 };
  const { dir, base } = splitName(file.name);
  const nestedDir = `${dir}${base.replace(/\.jsonl$/, "")}/subagents/`;
  const runs: TSubagentRun[] = inlineSidechains(main);
  for (const name of file.listNames()) {
    const nested = name.startsWith(nestedDir) && !name.slice(nestedDir.length).includes("/");
    const parts = splitName(name);
    const beside = parts.dir === dir && name !== file.name;
    if (!(nested || beside) || !isAgentFileName(parts.base)) continue;
    if (parts.base.startsWith("agent-acompact")) {
      out.compactions++; // context compaction helper, not work the session delegated
      continue;
    }
    const sibling = await file.sibling(name);
    if (!sibling) continue;
    const log = await readLog(sibling);
    if (beside && log.sessionId !== main.sessionId) continue; // another session's sub-agent
    out.issues.push(...log.issues);
    const agentId = log.agentId ?? parts.base.replace(/^agent-|\.jsonl$/g, "");
    runs.push(runOf(agentId, selectLive(log.entries, log.parents).live, name));
  }
  linkRuns(runs, main, live, out);
  return out;
}

function runOf(agentId: string, entries: TEntry[], file?: string): TSubagentRun {
  const first = entries.find(isHumanPrompt);
  return { agentId, file, entries, prompt: first ? contentText((first.rec.message as TRecord).content).trim() : undefined };
}

/** Older versions wrote sub-agent lines into the session file itself, marked isSidechain. */
function inlineSidechains(main: TLog): TSubagentRun[] {
  const side = main.entries.filter((e) => e.sidechain);
  if (side.length === 0 || side.length === main.entries.length) return [];
  const sideIds = new Set(side.map((e) => e.uuid).filter(Boolean));
  const groups = new Map<string, TEntry[]>();
  for (const e of side) {
    let root = e.uuid ?? `line-${e.line}`;
    for (let p = e.parent, guard = 0; p && sideIds.has(p) && guard < 100_000; p = main.parents.get(p), guard++) root = p;
    groups.set(root, [...(groups.get(root) ?? []), e]);
  }
  return [...groups.entries()].map(([root, entries]) => runOf(str(entries[0].rec.agentId) ?? `sidechain-${root.slice(0, 8)}`, entries));
}

function linkRuns(runs: TSubagentRun[], main: TLog, live: TEntry[], out: TSubagents) {
  const byAgent = new Map(main.agentCalls);
  const promptCalls: { id: string; prompt: string }[] = [];
  for (const e of live) {
    const content = (e.rec.message as TRecord | undefined)?.content;
    if (!Array.isArray(content)) continue;
    for (const block of content.filter(isRecord)) {
      if (block.type === "tool_use" && (block.name === "Task" || block.name === "Agent") && isRecord(block.input)) {
        const prompt = str(block.input.prompt);
        if (str(block.id) && prompt) promptCalls.push({ id: block.id as string, prompt: prompt.trim() });
      }
      if (block.type === "tool_result" && str(block.tool_use_id)) {
        const result = isRecord(e.rec.toolUseResult) ? e.rec.toolUseResult : {};
        const agentId = str(result.agentId) ?? /agent_?[iI]d: ([\w@.-]+)/.exec(contentText(block.content))?.[1];
        if (agentId && !byAgent.has(agentId)) byAgent.set(agentId, block.tool_use_id as string);
      }
    }
  }
  const used = new Set<string>();
  for (const run of runs) {
    const callId = byAgent.get(run.agentId) ?? promptCalls.find((c) => !used.has(c.id) && c.prompt === run.prompt)?.id;
    if (!callId) {
      out.unlinked.push(run);
      continue;
    }
    used.add(callId);
    out.byCall.set(callId, [...(out.byCall.get(callId) ?? []), run]);
  }
}

/**
 * Sub-agent files beside sessions whose session is not in the upload: `secondaryFiles` hides every
 * `agent-*.jsonl` next to a session file, so the folder's first session file imports the orphans.
 */
export function orphanCandidates(file: TSourceFile): { names: string[]; sessionIds: Set<string> } {
  const { dir, base } = splitName(file.name);
  const names = file.listNames().filter((n) => splitName(n).dir === dir);
  const sessions = names.map((n) => splitName(n).base).filter(isSessionFileName).sort();
  if (sessions[0] !== base) return { names: [], sessionIds: new Set() };
  return {
    names: names.filter((n) => isAgentFileName(splitName(n).base) && !splitName(n).base.startsWith("agent-acompact")),
    sessionIds: new Set(sessions.map((s) => s.replace(/\.jsonl$/, ""))),
  };
}
