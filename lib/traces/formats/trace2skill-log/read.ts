import type { TParseIssue } from "../../format";
import { toIso } from "../../normalize";
import { readLines, type TSourceFile } from "../../source";
import type { TLogMessage } from "./turns";

// Readers for the two layouts ChatHistoryLogger (spreadsheet_agent/agents/base.py) writes. Both are
// streamed line by line; only the message being read is buffered.

export type TLogResult = { success?: boolean; totalTurns?: number; error?: string; timestamp?: string };
export type TRawLog = { agent?: string; startedAt?: string; messages: TLogMessage[]; result?: TLogResult; issues: TParseIssue[] };

const HEADING = /^## \[(\d+)\] ([A-Za-z_-]+)\s*$/;
const RESULT_HEADING = /^## RESULT\s*$/;

/**
 * Markdown: `# Chat History: <agent>`, `**Timestamp**: …`, then blocks `## [n] ROLE` … `---`, and a
 * final `## RESULT`. A heading counts only right after a `---` separator, and never inside the fence
 * the logger wraps observations in, so logged text that happens to contain "## [3] USER" stays text.
 */
export async function readMarkdownLog(file: TSourceFile): Promise<TRawLog> {
  const log: TRawLog = { messages: [], issues: [] };
  let block: { index: number; role: string; lines: string[] } | undefined;
  let resultLines: string[] | undefined;
  let prev = "";
  let fence: string | undefined;
  const close = () => {
    if (block) log.messages.push({ index: block.index, role: block.role.toLowerCase(), content: trimBlock(block.lines) });
    block = undefined;
  };
  for await (const { text } of readLines(file)) {
    const atBoundary = !fence && (prev === "---" || (!block && !resultLines));
    const heading = atBoundary ? HEADING.exec(text) : null;
    if (heading) {
      close();
      block = { index: Number(heading[1]), role: heading[2], lines: [] };
    } else if (atBoundary && RESULT_HEADING.test(text)) {
      close();
      resultLines = [];
    } else if (block) {
      trackFence(block, text);
      block.lines.push(text);
    } else if (resultLines) resultLines.push(text);
    else readHeaderLine(log, text);
    if (text.trim()) prev = text.trim();
  }
  close();
  if (resultLines) log.result = readResultLines(resultLines);
  return log;

  function trackFence(b: { role: string; lines: string[] }, text: string) {
    const t = text.trim();
    if (fence) {
      if (t === fence) fence = undefined;
    } else if (b.role.toUpperCase() === "USER" && /^`{3,}$/.test(t) && b.lines.filter((l) => l.trim()).join("\n") === "Observation:") {
      fence = t;
    }
  }
}

function readHeaderLine(log: TRawLog, text: string): void {
  const agent = /^# Chat History:\s*(.+?)\s*$/.exec(text);
  if (agent) log.agent = agent[1];
  const ts = /^\*\*Timestamp\*\*:\s*(.+?)\s*$/.exec(text);
  if (ts) log.startedAt = toIso(ts[1]);
}

/** Block text without the blank lines and `---` separator the logger appends. */
function trimBlock(lines: string[]): string {
  const l = [...lines];
  while (l.length && !l[l.length - 1].trim()) l.pop();
  if (l.length && l[l.length - 1].trim() === "---") l.pop();
  while (l.length && !l[0].trim()) l.shift();
  return l.join("\n").trimEnd();
}

function readResultLines(lines: string[]): TLogResult {
  const r: TLogResult = {};
  let inError = false;
  const errorLines: string[] = [];
  for (const line of lines) {
    const m = /^- (Success|Total Turns|Error):\s*(.*)$/.exec(line);
    if (m) {
      inError = m[1] === "Error";
      if (m[1] === "Success") r.success = /^true$/i.test(m[2].trim());
      if (m[1] === "Total Turns") r.totalTurns = Number(m[2]) || undefined;
      if (inError) errorLines.push(m[2]);
    } else if (inError) errorLines.push(line);
  }
  const error = errorLines.join("\n").trim();
  if (error) r.error = error;
  return r;
}

/** JSONL: `session_start`, then `message` lines, then `result`; a bad line is reported and skipped. */
export async function readJsonlLog(file: TSourceFile): Promise<TRawLog> {
  const log: TRawLog = { messages: [], issues: [] };
  const issue = (line: number, reason: string, field?: string) => log.issues.push({ file: file.name, line, reason, ...(field ? { field } : {}) });
  for await (const { line, text } of readLines(file)) {
    if (!text.trim()) continue;
    let rec: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
      rec = parsed as Record<string, unknown>;
    } catch (err) {
      issue(line, `line is not a JSON object: ${(err as Error).message}`);
      continue;
    }
    if (rec.type === "session_start") {
      if (typeof rec.agent_name === "string") log.agent = rec.agent_name;
      log.startedAt = toIso(rec.timestamp);
    } else if (rec.type === "message") {
      if (typeof rec.role !== "string") issue(line, "message has no role", "role");
      else if (typeof rec.content !== "string") issue(line, "message has no content string", "content");
      else {
        const index = typeof rec.index === "number" ? rec.index : log.messages.length + 1;
        log.messages.push({ index, role: rec.role.toLowerCase(), content: rec.content, timestamp: toIso(rec.timestamp) });
      }
    } else if (rec.type === "result") {
      log.result = {
        success: typeof rec.success === "boolean" ? rec.success : undefined,
        totalTurns: typeof rec.total_turns === "number" ? rec.total_turns : undefined,
        error: typeof rec.error === "string" && rec.error ? rec.error : undefined,
        timestamp: toIso(rec.timestamp),
      };
    } else issue(line, `unknown line type ${JSON.stringify(rec.type)}`, "type");
  }
  return log;
}
