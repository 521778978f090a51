import { ZTrajectory, type TStep, type TTokens, type TTrajectory } from "./model";

// Small, shared normalization rules so every format maps timestamps, arguments, text and outcomes
// the same way.

/** ISO-8601 UTC from ISO strings, unix seconds, milliseconds or nanoseconds (number or numeric string). */
export function toIso(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" && !/^\d+(\.\d+)?$/.test(value.trim())) {
    // ISO without a zone (OpenHands) is taken as UTC.
    const s = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return undefined;
  const ms = n > 1e17 ? n / 1e6 : n > 1e11 ? n : n * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Tool arguments as an object: JSON strings are parsed; invalid JSON is kept as { _raw }. */
export function toArgs(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (!trimmed) return {};
    try {
      const parsed = JSON.parse(trimmed);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { _value: parsed };
    } catch {
      return { _raw: value };
    }
  }
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { _value: value };
}

/** Text of a message content: a string, or parts with text / content fields (images become a placeholder). */
export function contentText(content: unknown): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === "string") return part;
        if (!part || typeof part !== "object") return "";
        const p = part as Record<string, unknown>;
        if (typeof p.text === "string") return p.text;
        if (typeof p.content === "string") return p.content;
        if (Array.isArray(p.content)) return contentText(p.content);
        if (typeof p.type === "string" && /image|file|document|audio/.test(p.type)) return `[${p.type}]`;
        return "";
      })
      .filter(Boolean)
      .join("\n");
  }
  if (typeof content === "object") {
    const c = content as Record<string, unknown>;
    if (typeof c.text === "string") return c.text;
    return JSON.stringify(content);
  }
  return String(content);
}

/** Any value as display text: strings as they are, everything else as pretty JSON. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2);
}

/**
 * Outcome from a grader's reward: ≥ threshold → success, 0 → failure, anything in between →
 * unknown (the reward is kept). No reward → unknown.
 */
export function outcomeFromReward(reward: number | undefined, threshold = 1): TTrajectory["outcome"] {
  if (reward === undefined || Number.isNaN(reward)) return "unknown";
  if (reward >= threshold) return "success";
  if (reward <= 0) return "failure";
  return "unknown";
}

/** Splits `<think>…</think>` blocks off a text (DeepSeek/Qwen style reasoning inside content). */
export function splitThink(text: string): { thought: string; rest: string } {
  const thoughts: string[] = [];
  const rest = text.replace(/<think>([\s\S]*?)<\/think>/g, (_, t: string) => {
    thoughts.push(t.trim());
    return "";
  });
  return { thought: thoughts.join("\n\n"), rest: rest.trim() };
}

type TStepInput = Omit<TStep, "index">;

/**
 * Collects steps in order and numbers them. Tool results are paired with their calls by id; when a
 * format has no ids, `lastOpenCall()` gives the most recent call without a result.
 */
export class StepBuilder {
  readonly steps: TStep[] = [];
  private readonly open = new Map<string, TStep>();
  private readonly unanswered: TStep[] = [];

  add(step: TStepInput): TStep {
    // Undefined fields are left out (a plain loop: this runs for every step of every import).
    const s = { index: this.steps.length } as TStep;
    for (const key in step) {
      const v = step[key as keyof TStepInput];
      if (v !== undefined) (s as Record<string, unknown>)[key] = v;
    }
    this.steps.push(s);
    if (s.kind === "tool_call") {
      if (s.toolCallId) this.open.set(s.toolCallId, s);
      this.unanswered.push(s);
    }
    if (s.kind === "tool_result") {
      const call = (s.toolCallId && this.open.get(s.toolCallId)) || undefined;
      if (call) {
        this.open.delete(call.toolCallId!);
        if (!s.toolName && call.toolName) s.toolName = call.toolName;
        const i = this.unanswered.indexOf(call);
        if (i >= 0) this.unanswered.splice(i, 1);
      }
    }
    return s;
  }

  /** The most recent tool call that has no result yet (for id-less formats); removes it from the open set. */
  takeLastOpenCall(): TStep | undefined {
    const call = this.unanswered.pop();
    if (call?.toolCallId) this.open.delete(call.toolCallId);
    return call;
  }

  /** Looks up a call by id without consuming it. */
  callById(id: string | undefined): TStep | undefined {
    return id ? (this.open.get(id) ?? this.steps.find((s) => s.kind === "tool_call" && s.toolCallId === id)) : undefined;
  }
}

export function sumTokens(steps: TStep[]): TTokens {
  const t: TTokens = { input: 0, output: 0 };
  for (const s of steps) {
    if (!s.tokens) continue;
    t.input += s.tokens.input ?? 0;
    t.output += s.tokens.output ?? 0;
    if (s.tokens.cached !== undefined) t.cached = (t.cached ?? 0) + s.tokens.cached;
    if (s.tokens.reasoning !== undefined) t.reasoning = (t.reasoning ?? 0) + s.tokens.reasoning;
  }
  return t;
}

/** Fills defaults (tokens from steps, empty metadata) and validates with the zod model. */
export function finishTrajectory(t: Omit<TTrajectory, "tokens" | "metadata"> & { tokens?: TTokens; metadata?: Record<string, unknown> }): TTrajectory {
  return ZTrajectory.parse({ ...t, tokens: t.tokens ?? sumTokens(t.steps), metadata: t.metadata ?? {} });
}
