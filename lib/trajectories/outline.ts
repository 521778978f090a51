import { STEP_KINDS, STEP_ROLES } from "../traces/model";
import { iterateSteps } from "./steps";

// A compact per-step index of a whole trajectory (a few bytes per step): the viewer sizes its
// virtual list, filters to errors / tool calls / one tool, and jumps to errors from it without
// loading any step body.

export type TOutline = {
  count: number;
  /** One letter per step: roles s|u|a|t, kinds m|t|c|r|e (message, thought, call, result, error). */
  roles: string;
  kinds: string;
  /** Tool-name dictionary and, per step, an index into it or -1. */
  toolNames: string[];
  tools: number[];
  /** Indices of steps flagged as errors. */
  errors: number[];
  /** Text length per step, for placeholder heights. */
  lengths: number[];
  /** [call index, result index] for every tool result paired with its call by id. */
  pairs: [number, number][];
};

const ROLE_CODE = Object.fromEntries(STEP_ROLES.map((r) => [r, r[0]]));
const KIND_CODE: Record<(typeof STEP_KINDS)[number], string> = { message: "m", thought: "t", tool_call: "c", tool_result: "r", error: "e" };

export async function buildOutline(trajectoryId: string): Promise<TOutline> {
  const roles: string[] = [];
  const kinds: string[] = [];
  const toolNames: string[] = [];
  const toolIndex = new Map<string, number>();
  const tools: number[] = [];
  const errors: number[] = [];
  const lengths: number[] = [];
  const pairs: [number, number][] = [];
  const openCalls = new Map<string, number>();
  for await (const s of iterateSteps(trajectoryId)) {
    roles.push(ROLE_CODE[s.role]);
    kinds.push(KIND_CODE[s.kind]);
    let t = -1;
    if (s.toolName) {
      t = toolIndex.get(s.toolName) ?? toolNames.push(s.toolName) - 1;
      toolIndex.set(s.toolName, t);
    }
    tools.push(t);
    if (s.isError || s.kind === "error") errors.push(s.index);
    lengths.push(s.text.length);
    if (s.toolCallId && s.kind === "tool_call") openCalls.set(s.toolCallId, s.index);
    if (s.toolCallId && s.kind === "tool_result" && openCalls.has(s.toolCallId)) {
      pairs.push([openCalls.get(s.toolCallId)!, s.index]);
      openCalls.delete(s.toolCallId);
    }
  }
  return { count: roles.length, roles: roles.join(""), kinds: kinds.join(""), toolNames, tools, errors, lengths, pairs };
}
