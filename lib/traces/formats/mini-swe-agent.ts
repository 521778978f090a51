import path from "node:path/posix";
import type { TFormat, TParsed, TParseIssue, TProbe } from "../format";
import type { TTokens } from "../model";
import { contentText, finishTrajectory, StepBuilder, toArgs, toIso } from "../normalize";
import { readText, type TSourceFile } from "../source";

// mini-swe-agent trajectories (`*.traj.json`), doc §A8. v1 is text mode: the assistant writes a
// THOUGHT and one ```bash``` block, and the next user message carries `<returncode>`. v2 adds
// native tool calls (`tool_calls` + role "tool" messages), Responses-API items and a final
// role "exit" message. Outcome stays unknown: "Submitted" is the agent's own claim.

type TRecord = Record<string, unknown>;

const isRecord = (v: unknown): v is TRecord => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const ACTION_BLOCK = /```(?:bash|mswea_bash_command)[ \t]*\n([\s\S]*?)\n```/g;

function isMini(v: unknown): v is TRecord {
  if (!isRecord(v) || !Array.isArray(v.messages)) return false;
  if (typeof v.trajectory_format === "string") return v.trajectory_format.startsWith("mini-swe-agent");
  return isRecord(v.info) && "mini_version" in v.info;
}

async function* parse(file: TSourceFile): AsyncGenerator<TParsed> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readText(file));
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `not valid JSON: ${(err as Error).message}` } };
    return;
  }
  if (!isMini(doc)) {
    yield { kind: "rejected", issue: { file: file.name, reason: "not a mini-swe-agent trajectory (trajectory_format / info.mini_version, messages[])" } };
    return;
  }
  const issues: TParseIssue[] = [];
  const info = isRecord(doc.info) ? doc.info : {};
  const config = isRecord(info.config) ? info.config : {};
  const b = new StepBuilder();
  let instruction: string | undefined;
  const exit: TRecord = {};
  const models: string[] = [];
  (doc.messages as unknown[]).forEach((m, i) => {
    if (!isRecord(m) || (typeof m.role !== "string" && typeof m.type !== "string")) {
      issues.push({ file: file.name, record: `messages[${i}]`, field: "role", reason: "message is not an object with a role" });
      return;
    }
    const extra = isRecord(m.extra) ? m.extra : {};
    const response = isRecord(extra.response) ? extra.response : {};
    const model = str(response.model);
    if (model) models.push(model);
    if (m.role === "exit") return void Object.assign(exit, extra);
    if (m.role === "user" && instruction === undefined) {
      instruction = contentText(m.content);
      return void b.add({ role: "user", kind: "message", text: instruction, timestamp: toIso(extra.timestamp) });
    }
    addMessage(b, m, extra, i);
  });
  for (const issue of issues) yield { kind: "rejected", issue };

  const stem = path.basename(file.name).replace(/(\.traj)?\.json$/, "");
  const agent = isRecord(config.agent) ? config.agent : {};
  const modelConfig = isRecord(config.model) ? config.model : {};
  try {
    const trajectory = finishTrajectory({
      externalId: str(doc.instance_id) ?? stem,
      taskId: str(doc.instance_id),
      instruction: extractTask(instruction ?? "", str(agent.instance_template)),
      outcome: "unknown",
      model: str(modelConfig.model_name) ?? models.at(-1),
      harness: "mini-swe-agent",
      steps: b.steps,
      metadata: Object.fromEntries(
        Object.entries({
          exitStatus: info.exit_status ?? exit.exit_status,
          submission: info.submission ?? exit.submission,
          modelStats: info.model_stats,
          miniVersion: info.mini_version,
          trajectoryFormat: doc.trajectory_format,
          agentType: config.agent_type,
          sourceFile: file.name,
        }).filter(([, v]) => v !== undefined && v !== null),
      ),
    });
    yield { kind: "trajectory", trajectory };
  } catch (err) {
    yield { kind: "rejected", issue: { file: file.name, reason: `trajectory failed validation: ${(err as Error).message}` } };
  }
}

function tokensOf(extra: TRecord, m: TRecord): TTokens | undefined {
  const response = isRecord(extra.response) ? extra.response : {};
  const u = [response.usage, extra.usage, m.usage].find(isRecord);
  if (!u) return undefined;
  const details = isRecord(u.prompt_tokens_details) ? u.prompt_tokens_details : isRecord(u.input_tokens_details) ? u.input_tokens_details : {};
  const cached = num(details.cached_tokens);
  return {
    input: Math.max(0, Math.round(num(u.prompt_tokens) ?? num(u.input_tokens) ?? 0)),
    output: Math.max(0, Math.round(num(u.completion_tokens) ?? num(u.output_tokens) ?? 0)),
    ...(cached !== undefined ? { cached: Math.round(cached) } : {}),
  };
}

function addMessage(b: StepBuilder, m: TRecord, extra: TRecord, i: number) {
  const response = isRecord(extra.response) ? extra.response : {};
  const timestamp = toIso(extra.timestamp ?? response.created);
  const text = contentText(m.content);
  if (m.type === "function_call") {
    return void b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(m.name) ?? "bash", toolArgs: toArgs(m.arguments), toolCallId: str(m.call_id), timestamp });
  }
  if (m.type === "function_call_output") return void addResult(b, contentText(m.output), extra, str(m.call_id), timestamp);
  if (m.type === "reasoning") return void b.add({ role: "assistant", kind: "thought", text: contentText(m.summary), timestamp });
  if (m.role === "system") return void b.add({ role: "system", kind: "message", text, timestamp });
  if (m.role === "tool") return void addResult(b, text, extra, str(m.tool_call_id), timestamp);
  if (m.role === "user") {
    // An observation answers the action of the previous turn; anything else (format errors) is feedback.
    const open = b.takeLastOpenCall();
    if (open) return void addResult(b, text, extra, open.toolCallId, timestamp, open.toolName);
    return void b.add({ role: "user", kind: "message", text, timestamp });
  }
  if (m.role !== "assistant") return;
  let tokens = tokensOf(extra, m);
  const take = () => [tokens, (tokens = undefined)][0];
  const reasoning = contentText(m.reasoning_content);
  if (reasoning) b.add({ role: "assistant", kind: "thought", text: reasoning, timestamp, tokens: take() });
  const calls = Array.isArray(m.tool_calls) ? m.tool_calls.filter(isRecord) : [];
  const blocks = calls.length ? [] : [...text.matchAll(ACTION_BLOCK)];
  if (calls.length === 0 && blocks.length !== 1) {
    if (text) b.add({ role: "assistant", kind: "message", text, timestamp, tokens: take() });
    return;
  }
  const prose = (blocks.length ? text.replace(blocks[0][0], "") : text).replace(/^\s*THOUGHT:\s*/, "").trim();
  if (prose) b.add({ role: "assistant", kind: "thought", text: prose, timestamp, tokens: take() });
  if (blocks.length) {
    return void b.add({ role: "assistant", kind: "tool_call", text: "", toolName: "bash", toolArgs: { command: blocks[0][1] }, toolCallId: `mini-${i}`, timestamp, tokens: take() });
  }
  for (const call of calls) {
    const fn = isRecord(call.function) ? call.function : {};
    b.add({ role: "assistant", kind: "tool_call", text: "", toolName: str(fn.name) ?? "bash", toolArgs: toArgs(fn.arguments), toolCallId: str(call.id), timestamp, tokens: take() });
  }
}

function addResult(b: StepBuilder, text: string, extra: TRecord, toolCallId: string | undefined, timestamp?: string, toolName?: string) {
  const tagged = /<returncode>\s*(-?\d+)\s*<\/returncode>/.exec(text);
  const returncode = num(extra.returncode) ?? (tagged ? Number(tagged[1]) : undefined);
  const timedOut = /^The last command .* timed out and has been killed/s.test(text);
  const isError = (returncode !== undefined && returncode !== 0) || timedOut || !!extra.exception_info;
  const output = tagged ? text.replace(tagged[0], "").replace(/^\s*<output>\n?|\n?<\/output>\s*$/g, "").trim() : text;
  b.add({ role: "tool", kind: "tool_result", text: output, toolName, toolCallId, isError, timestamp });
}

/** The task text inside the filled instance template (`… {{task}} …`), or the whole prompt. */
function extractTask(prompt: string, template: string | undefined): string {
  const at = template?.indexOf("{{task}}") ?? -1;
  if (!template || at < 0) return prompt;
  const before = template.slice(0, at);
  if (/\{[{%]/.test(before) || !prompt.startsWith(before)) return prompt;
  const rest = prompt.slice(before.length);
  const marker = template.slice(at + "{{task}}".length).split(/\{[{%]/)[0].trim().split("\n")[0];
  const cut = marker ? rest.indexOf(marker) : -1;
  return (cut > 0 ? rest.slice(0, cut) : rest).trim() || prompt;
}

export const miniSweAgentFormat: TFormat = {
  id: "mini-swe-agent",
  label: "mini-swe-agent trajectory (.traj.json)",
  detect: (probe: TProbe) => isMini(probe.json),
  parse,
};
