import { setImmediate as nextTurn } from "node:timers/promises";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { storableText } from "../db/storable-text";
import { onAbort } from "./abort-hub";
import { createLlmFailure } from "./failures";
import type { TLimiter } from "./limiter";
import { computeCostUsd, addUsage, type TPricing } from "./pricing";
import { computeRetryDelayMs, parseRetryAfterMs, type TRetryPolicy } from "./retry";
import { detectParamQuirk, type TParamQuirks } from "./request-params";
import { detectJsonSchemaRejection } from "./structured-output";
import type { LlmCallRecorder, TChatMessage, TLlmFailure, TLlmRole, TLlmUsage } from "./types";

// One chat completion with the transport concerns: a limiter slot per attempt (never held while
// backing off), a timeout per attempt, retries of transient failures, and one record per HTTP
// attempt. The SDK's own retries are off so that every request the server sees is recorded here.

export type TRequestContext = {
  openai: OpenAI;
  limiter: TLimiter;
  policy: TRetryPolicy;
  timeoutMs: number;
  pricing: TPricing;
  recorder: LlmCallRecorder;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  role: TLlmRole;
  runId?: string;
  stepKey?: string;
  signal?: AbortSignal;
  /** The caller's cap on calls in flight (TStructuredRequest.slots), taken before the endpoint's. */
  slots?: TLimiter;
};

/** One slot of the caller's cap, then one of the endpoint's; undefined when aborted while waiting. */
async function acquireSlots(ctx: TRequestContext): Promise<(() => void) | undefined> {
  const own = ctx.slots ? await ctx.slots.acquire(ctx.signal).catch(() => undefined) : () => undefined;
  if (!own) return undefined;
  const endpoint = await ctx.limiter.acquire(ctx.signal).catch(() => undefined);
  if (!endpoint) {
    own();
    return undefined;
  }
  return () => {
    endpoint();
    own();
  };
}

/** Shared by every HTTP attempt of one logical call. */
export type TCallState = { attempts: number; usage: TLlmUsage };

/** Thrown (after recording) for a 400 the caller can adapt to: no json_schema support, or a refused parameter. */
export class AdaptableRejection extends Error {
  constructor(
    readonly fix: { kind: "json_schema_rejected"; scope: "endpoint" | "schema" } | { kind: "param"; quirk: keyof TParamQuirks },
    message: string,
  ) {
    super(message);
  }
}

type TClassified = { reason: TLlmFailure; retryable: boolean; message: string; status?: number; retryAfterMs?: number };

function classifyError(e: unknown, timedOut: boolean, callerAborted: boolean, nowMs: number): TClassified {
  const message = e instanceof Error ? e.message : String(e);
  if (callerAborted) return { reason: "aborted", retryable: false, message: "The caller aborted the call." };
  if (timedOut || e instanceof APIConnectionTimeoutError) return { reason: "timeout", retryable: true, message: "The request timed out." };
  if (e instanceof APIUserAbortError) return { reason: "aborted", retryable: false, message };
  if (e instanceof APIConnectionError) return { reason: "network", retryable: true, message };
  if (e instanceof APIError && e.status !== undefined) {
    const status = e.status;
    const retryAfterMs = parseRetryAfterMs(e.headers, nowMs);
    if (status === 429) return { reason: "rate_limited", retryable: true, message, status, retryAfterMs };
    if (status === 408) return { reason: "timeout", retryable: true, message, status, retryAfterMs };
    if (status === 409 || status >= 500) return { reason: "server_error", retryable: true, message, status, retryAfterMs };
    return { reason: "rejected", retryable: false, message, status };
  }
  // A body that is not JSON, a reset stream: the server misbehaved, the next attempt may not.
  return { reason: "server_error", retryable: true, message };
}

function describeAttemptError(c: TClassified): string {
  return `${c.reason}${c.status ? ` ${c.status}` : ""}: ${c.message}`.slice(0, 2000);
}

// A model may split an emoji across tokens and a server send the half as a "\ud83d" escape, or
// send NUL: the answer text becomes storable here, once, before anything (the call record, the
// parsed lessons and patches) takes it to the database (see lib/db/storable-text.ts).
function makeAnswerStorable(completion: ChatCompletion): void {
  for (const choice of completion.choices ?? []) {
    const m = choice.message;
    if (!m) continue;
    if (typeof m.content === "string") m.content = storableText(m.content);
    if (typeof m.refusal === "string") m.refusal = storableText(m.refusal);
  }
}

function readResponseText(completion: ChatCompletion): string | null {
  const message = completion.choices[0]?.message;
  if (!message) return null;
  return message.content ?? (message.refusal ? `[refusal] ${message.refusal}` : null);
}

// Written behind the call, not awaited: the answer goes on while the row is stored (batched by the
// database recorder); a run flushes its records when it ends. A lost record must not turn a paid,
// successful answer into a failure that a job would pay for again.
function recordSafely(recorder: LlmCallRecorder, call: Parameters<LlmCallRecorder["record"]>[0]): void {
  recorder.record(call).catch((e: unknown) => console.error("[llm] recording an attempt failed", e));
}

export async function requestCompletion(
  ctx: TRequestContext,
  state: TCallState,
  body: ChatCompletionCreateParamsNonStreaming,
  opts: { detectJsonSchemaUnsupported: boolean; adapt: boolean },
): Promise<ChatCompletion> {
  const prompt = body.messages as TChatMessage[];
  for (let retry = 0; ; retry++) {
    if (ctx.signal?.aborted) throw createLlmFailure("aborted", "The caller aborted the call.", state);
    const acquired = await acquireSlots(ctx);
    if (!acquired) throw createLlmFailure("aborted", "The caller aborted the call.", state);
    // The slot is for the HTTP call only: freed before the attempt is recorded, so a database
    // write never holds back the next call.
    let held = true;
    const release = () => {
      if (held) (held = false), acquired();
    };
    const attempt = ++state.attempts;
    const started = ctx.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error("timeout"));
    }, ctx.timeoutMs);
    const stopListening = onAbort(ctx.signal, () => controller.abort(ctx.signal?.reason));
    let delayMs = 0;
    const base = { runId: ctx.runId, stepKey: ctx.stepKey, role: ctx.role, model: body.model, prompt, attempt };
    try {
      const completion = await ctx.openai.chat.completions.create(body, {
        signal: controller.signal,
        maxRetries: 0,
        // Our own timer decides; the SDK's is only a backstop.
        timeout: ctx.timeoutMs + 5_000,
        headers: { "x-t2s-role": ctx.role },
      });
      makeAnswerStorable(completion);
      const tokensIn = completion.usage?.prompt_tokens ?? 0;
      const tokensOut = completion.usage?.completion_tokens ?? 0;
      const costUsd = computeCostUsd(body.model, tokensIn, tokensOut, ctx.pricing);
      addUsage(state.usage, { tokensIn, tokensOut, costUsd });
      release();
      recordSafely(ctx.recorder, { ...base, response: readResponseText(completion), tokensIn, tokensOut, costUsd, latencyMs: ctx.now() - started, attempt, error: null });
      // The caller's work on this answer (parsing, checking, its next prompt) waits for the next
      // loop turn: answers already in the sockets are read first, and their slots freed sooner
      // (bench:distill, 6 interleaved pairs at C=64: p95 client-seen latency 3 % lower, wall time 1.7 %;
      // lib/db/batcher.ts does the same).
      await nextTurn();
      return completion;
    } catch (e) {
      const c = classifyError(e, timedOut, Boolean(ctx.signal?.aborted), ctx.now());
      release();
      recordSafely(ctx.recorder, { ...base, response: null, tokensIn: 0, tokensOut: 0, costUsd: 0, latencyMs: ctx.now() - started, error: describeAttemptError(c) });
      const quirk = opts.adapt ? detectParamQuirk(e, body) : undefined;
      if (quirk) throw new AdaptableRejection({ kind: "param", quirk }, c.message);
      const schemaScope = opts.detectJsonSchemaUnsupported && body.response_format ? detectJsonSchemaRejection(e) : undefined;
      if (schemaScope) throw new AdaptableRejection({ kind: "json_schema_rejected", scope: schemaScope }, c.message);
      const tooLong = c.retryAfterMs !== undefined && c.retryAfterMs > ctx.policy.maxRetryAfterMs;
      if (!c.retryable || retry >= ctx.policy.maxRetries || tooLong) {
        const why = tooLong ? `${c.message} (Retry-After ${c.retryAfterMs} ms exceeds the limit)` : c.message;
        throw createLlmFailure(c.reason, `The LLM call failed after ${state.attempts} attempt(s): ${why}`, { ...state, status: c.status, cause: e });
      }
      delayMs = computeRetryDelayMs(retry + 1, ctx.policy, ctx.random, c.retryAfterMs);
    } finally {
      clearTimeout(timer);
      stopListening();
      release();
    }
    // An abort during the wait surfaces as "aborted" at the top of the next round.
    await ctx.sleep(delayMs, ctx.signal).catch(() => undefined);
  }
}
