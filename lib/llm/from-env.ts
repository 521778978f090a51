import { env, llmConfigured, type TEnv } from "../env";
import { createLlm, type TLlmClient } from "./client";
import type { TLlmConfig, TLlmDeps } from "./config";
import { createDbRecorder } from "./record-calls";

// The product's way to get an Llm: from the environment, recording into llm_calls. Null when no
// endpoint is configured, so callers fall back to the rule-based analyst and merger.

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

export function readLlmConfig(e: TEnv = env()): TLlmConfig | null {
  if (!llmConfigured(e)) return null;
  return {
    baseURL: e.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL,
    apiKey: e.OPENAI_API_KEY,
    defaultModel: e.T2S_MODEL,
    models: {
      analyst: e.T2S_MODEL_ANALYST,
      mapper: e.T2S_MODEL_MAPPER,
      merger: e.T2S_MODEL_MERGER,
      translator: e.T2S_MODEL_TRANSLATOR,
    },
    timeoutMs: e.T2S_LLM_TIMEOUT_MS,
    concurrency: e.T2S_LLM_CONCURRENCY,
    jsonSchema: e.T2S_LLM_JSON_SCHEMA,
    retry: { maxRetries: e.T2S_LLM_MAX_RETRIES },
    pricing: {
      default: { inputPerMTok: e.T2S_PRICE_INPUT_PER_MTOK, outputPerMTok: e.T2S_PRICE_OUTPUT_PER_MTOK },
      models: Object.fromEntries(Object.entries(e.T2S_MODEL_PRICES).map(([m, p]) => [m, { inputPerMTok: p.input, outputPerMTok: p.output }])),
    },
  };
}

/** The configured Llm, recording every attempt in llm_calls unless deps bring another recorder. */
export function llmFromEnv(deps: TLlmDeps = {}, e: TEnv = env()): TLlmClient | null {
  const config = readLlmConfig(e);
  if (!config) return null;
  return createLlm(config, { ...deps, recorder: deps.recorder ?? createDbRecorder() });
}
