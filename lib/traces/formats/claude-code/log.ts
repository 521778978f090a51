import type { TParseIssue } from "../../format";
import { readLines, type TSourceFile } from "../../source";

// Reads one Claude Code JSONL log (a session or a sub-agent file) into the lines that matter, and
// works out which of them belong to the live conversation when rewinds created branches.

export type TRecord = Record<string, unknown>;

export type TEntry = {
  line: number;
  type: "user" | "assistant" | "system";
  uuid?: string;
  parent?: string;
  sidechain: boolean;
  rec: TRecord;
};

export type TLog = {
  file: string;
  entries: TEntry[];
  /** uuid → parentUuid for every line that has one (progress lines too: chains pass through them). */
  parents: Map<string, string | undefined>;
  /** agentId → the Task/Agent tool_use id that started it, from agent_progress lines. */
  agentCalls: Map<string, string>;
  sessionId?: string;
  agentId?: string;
  summary?: string;
  issues: TParseIssue[];
};

const MESSAGE_TYPES = new Set(["user", "assistant", "system"]);

export function isRecord(v: unknown): v is TRecord {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export async function readLog(file: TSourceFile): Promise<TLog> {
  const log: TLog = { file: file.name, entries: [], parents: new Map(), agentCalls: new Map(), issues: [] };
  const reject = (line: number, reason: string, field?: string) => log.issues.push({ file: file.name, line, field, reason });
  try {
    for await (const { line, text } of readLines(file)) {
      if (!text.trim()) continue;
      let rec: unknown;
      try {
        rec = JSON.parse(text);
      } catch {
        reject(line, "line is not valid JSON");
        continue;
      }
      if (!isRecord(rec)) {
        reject(line, "line is not a JSON object");
        continue;
      }
      addRecord(log, rec, line, reject);
    }
  } catch (err) {
    log.issues.push({ file: file.name, reason: `file could not be read: ${(err as Error).message}` });
  }
  return log;
}

function addRecord(log: TLog, rec: TRecord, line: number, reject: (line: number, reason: string, field?: string) => void) {
  const type = rec.type;
  if (typeof type !== "string") return reject(line, "record has no type", "type");
  const uuid = str(rec.uuid);
  if (uuid) log.parents.set(uuid, str(rec.parentUuid));
  log.sessionId ??= str(rec.sessionId);
  log.agentId ??= str(rec.agentId);
  if (type === "summary" && typeof rec.summary === "string") log.summary = rec.summary;
  if (type === "progress" && isRecord(rec.data) && rec.data.type === "agent_progress") {
    const agentId = str(rec.data.agentId);
    const callId = str(rec.parentToolUseID);
    if (agentId && callId) log.agentCalls.set(agentId, callId);
  }
  if (!MESSAGE_TYPES.has(type)) return;
  if (type !== "system" && !isRecord(rec.message)) return reject(line, `${type} line has no message object`, "message");
  // Structured tool output duplicates the tool_result text (whole files for Read); only the
  // sub-agent id in it is needed, so the rest is not held in memory.
  if (isRecord(rec.toolUseResult)) rec.toolUseResult = str(rec.toolUseResult.agentId) ? { agentId: rec.toolUseResult.agentId } : undefined;
  log.entries.push({
    line,
    type: type as TEntry["type"],
    uuid,
    parent: str(rec.parentUuid),
    sidechain: rec.isSidechain === true,
    rec,
  });
}

/** True when a user entry is something a human typed (not a tool result, not injected). */
export function isHumanPrompt(e: TEntry): boolean {
  if (e.type !== "user" || e.rec.isMeta === true || e.rec.isCompactSummary === true) return false;
  const content = (e.rec.message as TRecord).content;
  if (typeof content === "string") return !/^\s*<local-command-(stdout|stderr|caveat)>/.test(content);
  return Array.isArray(content) && !content.some((b) => isRecord(b) && b.type === "tool_result");
}

function messageId(e: TEntry): string | undefined {
  return e.type === "assistant" ? str((e.rec.message as TRecord).id) : undefined;
}

/**
 * The entries of the live conversation in file order. The chain from the last message back to
 * the root is live; an entry off that chain is dropped only when its branch starts with a human
 * prompt or a different model response (a rewind or a regenerated answer). Parallel tool results
 * and streamed blocks hang off the chain as well but are part of it, so they stay.
 */
export function selectLive(entries: TEntry[], parents: Map<string, string | undefined>): { live: TEntry[]; dropped: number } {
  const leaf = [...entries].reverse().find((e) => e.uuid && e.type !== "system");
  if (!leaf?.uuid) return { live: entries, dropped: 0 };
  const chain = new Set<string>();
  for (let u: string | undefined = leaf.uuid; u && !chain.has(u); u = parents.get(u)) chain.add(u);
  const byUuid = new Map(entries.filter((e) => e.uuid).map((e) => [e.uuid!, e]));
  const chainMessageIds = new Set(entries.filter((e) => e.uuid && chain.has(e.uuid)).map(messageId).filter(Boolean));
  const verdict = new Map<string, boolean>();

  const isDead = (e: TEntry): boolean => {
    if (!e.uuid || chain.has(e.uuid)) return false;
    const path: string[] = [];
    let u: string | undefined = e.uuid;
    while (u && !chain.has(u) && !path.includes(u)) {
      if (verdict.has(u)) return remember(path, verdict.get(u)!);
      path.push(u);
      u = parents.get(u);
    }
    if (!u || !chain.has(u)) return remember(path, false); // detached (compaction boundary): keep
    const root = [...path].reverse().map((p) => byUuid.get(p)).find(Boolean);
    const dead = !!root && (isHumanPrompt(root) || (root.type === "assistant" && !chainMessageIds.has(messageId(root))));
    return remember(path, dead);
  };
  const remember = (path: string[], dead: boolean) => {
    for (const p of path) verdict.set(p, dead);
    return dead;
  };

  const live = entries.filter((e) => !isDead(e));
  return { live, dropped: entries.length - live.length };
}
