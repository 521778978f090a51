import type { LlmCallRecorder, TLlmRole } from "./types";
import type { TLimiter } from "./limiter";
import type { TPricing } from "./pricing";
import { DEFAULT_RETRY_POLICY, sleepFor, type TRetryPolicy } from "./retry";
import type { TJsonSchemaMode } from "./structured-output";

// What a client needs to know (config) and what it is given (deps). Everything time- or
// chance-dependent is a dep, so tests drive backoff with a recorded sleep and a seeded random.

export type TLlmConfig = {
  /** Any OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1. */
  baseURL: string;
  apiKey?: string;
  /** Model per role; a role without one uses defaultModel, else the endpoint's first listed model. */
  models?: Partial<Record<TLlmRole, string>>;
  defaultModel?: string;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  /** Concurrent requests to this base URL from the whole process. */
  concurrency?: number;
  jsonSchema?: TJsonSchemaMode;
  /** Format-repair prompts after an unparsable answer (method §1.10: 2). */
  maxFormatRepairs?: number;
  /** Continuation prompts after finish_reason "length" (method §1.10: 2). */
  maxContinuations?: number;
  retry?: Partial<TRetryPolicy>;
  pricing?: TPricing;
  /** Sent with every request when the caller gives none. */
  temperature?: number;
};

export type TLlmDeps = {
  recorder?: LlmCallRecorder;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Replaces the process-wide limiter of the base URL. */
  limiter?: TLimiter;
  fetch?: typeof fetch;
};

export type TResolvedLlmConfig = Required<Omit<TLlmConfig, "apiKey" | "defaultModel" | "temperature" | "retry" | "models">> & {
  apiKey: string;
  models: Partial<Record<TLlmRole, string>>;
  defaultModel?: string;
  temperature?: number;
  retry: TRetryPolicy;
};

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_CONCURRENCY = 8;

export function resolveLlmConfig(config: TLlmConfig): TResolvedLlmConfig {
  return {
    baseURL: config.baseURL.trim().replace(/\/+$/, ""),
    // Local servers ignore the key, but the SDK refuses to start without one.
    apiKey: config.apiKey ?? "not-needed",
    models: config.models ?? {},
    defaultModel: config.defaultModel,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    concurrency: config.concurrency ?? DEFAULT_CONCURRENCY,
    jsonSchema: config.jsonSchema ?? "auto",
    maxFormatRepairs: config.maxFormatRepairs ?? 2,
    maxContinuations: config.maxContinuations ?? 2,
    retry: { ...DEFAULT_RETRY_POLICY, ...config.retry },
    pricing: config.pricing ?? { default: { inputPerMTok: 0, outputPerMTok: 0 } },
    temperature: config.temperature,
  };
}

export function resolveLlmDeps(deps: TLlmDeps): Required<Omit<TLlmDeps, "limiter" | "fetch" | "recorder">> & Pick<TLlmDeps, "limiter" | "fetch" | "recorder"> {
  return {
    ...deps,
    now: deps.now ?? (() => Date.now()),
    sleep: deps.sleep ?? sleepFor,
    random: deps.random ?? Math.random,
  };
}
