import type { z } from "zod";
import type { TLimiter } from "./limiter";

// The contract between domain code (lib/distill) and the LLM layer. Domain code receives an `Llm`
// in its deps and never imports the client, so tests can pass the real client pointed at the fake
// server, or a rule-based stand-in.

export const LLM_ROLES = ["analyst", "mapper", "merger", "translator"] as const;
export type TLlmRole = (typeof LLM_ROLES)[number];

export type TChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type TLlmUsage = { tokensIn: number; tokensOut: number; costUsd: number };

export type TStructuredRequest<T> = {
  role: TLlmRole;
  /** The shape the answer must have; sent as a JSON-schema response format where the server supports it. */
  schema: z.ZodType<T>;
  /** Name of the schema in the response_format (a-z, 0-9, _ and -). */
  schemaName: string;
  messages: TChatMessage[];
  /** Who the call belongs to, recorded with every attempt so the UI can show it. */
  runId?: string;
  stepKey?: string;
  temperature?: number;
  maxTokens?: number;
  signal?: AbortSignal;
  /**
   * The caller's own cap on calls in flight (a run's concurrency), held per HTTP attempt like the
   * endpoint's limiter, so the caller's work between calls never holds a slot.
   */
  slots?: TLimiter;
};

export type TStructuredResult<T> = {
  value: T;
  model: string;
  /** Summed over every HTTP attempt (retries and format repairs) of this call. */
  usage: TLlmUsage;
  /** HTTP attempts made, including retries and format repairs. */
  attempts: number;
  /** The text of the answer that parsed. */
  rawText: string;
};

/**
 * Failures are thrown as AppError: code "unavailable:llm" (retryable: the endpoint kept failing,
 * timed out or rate-limited past the retry budget; except reason "rejected": the endpoint refused
 * the request itself — bad key, unknown model, 4xx — which only a configuration change fixes) or
 * "invalid_input:llm_output" (not retryable: refusal, or output that still did not parse after the
 * repair retries). `details` is { reason: TLlmFailure, attempts, usage, status? } (TLlmFailureDetails
 * in lib/llm/failures.ts), so callers can record why an item failed and what it cost.
 */
export type TLlmFailure =
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "network"
  | "refusal"
  | "unparsable"
  | "truncated"
  | "aborted"
  | "rejected";

export interface Llm {
  /** One logical call: retries, backoff and format repair happen inside. */
  structured<T>(req: TStructuredRequest<T>): Promise<TStructuredResult<T>>;
  /** The model configured for a role (recorded with runs). */
  modelFor(role: TLlmRole): string;
  /** Resolves when every attempt made so far is recorded (records are written behind the calls). */
  flush?(): Promise<void>;
}

/** One HTTP attempt, as stored in llm_calls (prompt is the messages sent). */
export type TLlmCallRecord = {
  runId?: string;
  stepKey?: string;
  role: TLlmRole;
  model: string;
  prompt: TChatMessage[];
  response: string | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  attempt: number;
  error: string | null;
};

export interface LlmCallRecorder {
  record(call: TLlmCallRecord): Promise<void>;
  /** Resolves when every record handed over so far is stored. */
  flush?(): Promise<void>;
}
