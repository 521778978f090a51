import OpenAI from "openai";
import { AppError } from "../errors";
import { resolveLlmConfig, resolveLlmDeps, type TLlmConfig, type TLlmDeps } from "./config";
import { httpFetch } from "./http-fetch";
import { getEndpointLimiter } from "./limiter";
import { noopRecorder } from "./recorders";
import { runStructuredCall, type TStructuredContext } from "./structured-call";
import type { Llm, TLlmRole } from "./types";

// The product's Llm: an OpenAI SDK client per config, sharing the endpoint's limiter and
// json_schema knowledge with every other client of the same base URL in the process.

export type TLlmClient = Llm & {
  readonly baseURL: string;
  /** Resolves models of roles without one configured (asks GET /models once). */
  resolveModels(): Promise<Record<TLlmRole, string>>;
  flush(): Promise<void>;
};

export function createLlm(config: TLlmConfig, deps: TLlmDeps = {}): TLlmClient {
  const c = resolveLlmConfig(config);
  const d = resolveLlmDeps(deps);
  const openai = new OpenAI({ baseURL: c.baseURL, apiKey: c.apiKey, maxRetries: 0, timeout: c.timeoutMs + 5_000, fetch: d.fetch ?? httpFetch });
  const limiter = d.limiter ?? getEndpointLimiter(c.baseURL, c.concurrency);
  let discovered: Promise<string> | undefined;

  const configuredModel = (role: TLlmRole) => c.models[role] ?? c.defaultModel;

  // Single-model servers (vLLM, llama.cpp) need no model name: the first listed one is it.
  const discoverModel = () => {
    discovered ??= openai.models
      .list({ maxRetries: 2, timeout: Math.min(c.timeoutMs, 30_000) })
      .then((page) => {
        const first = page.data[0]?.id;
        if (!first) throw new AppError("unavailable:llm", "The LLM endpoint lists no models; set T2S_MODEL.", { retryable: false, details: { reason: "rejected" } });
        return first;
      })
      .catch((e: unknown) => {
        discovered = undefined;
        throw e instanceof AppError ? e : new AppError("unavailable:llm", "Could not list the LLM endpoint's models; set T2S_MODEL.", { details: { reason: "network" }, cause: e });
      });
    return discovered;
  };

  let lastDiscovered: string | undefined;
  const resolveModel = async (role: TLlmRole) => {
    const configured = configuredModel(role);
    if (configured) return configured;
    lastDiscovered = await discoverModel();
    return lastDiscovered;
  };

  return {
    baseURL: c.baseURL,
    flush: async () => {
      await d.recorder?.flush?.();
    },
    modelFor: (role) => configuredModel(role) ?? lastDiscovered ?? "(endpoint default)",
    async resolveModels() {
      const roles = ["analyst", "mapper", "merger", "translator"] as const;
      const entries = await Promise.all(roles.map(async (r) => [r, await resolveModel(r)] as const));
      return Object.fromEntries(entries) as Record<TLlmRole, string>;
    },
    async structured(req) {
      const model = await resolveModel(req.role);
      const ctx: TStructuredContext = {
        openai,
        limiter,
        policy: c.retry,
        timeoutMs: c.timeoutMs,
        pricing: c.pricing,
        recorder: d.recorder ?? noopRecorder,
        now: d.now,
        sleep: d.sleep,
        random: d.random,
        role: req.role,
        runId: req.runId,
        stepKey: req.stepKey,
        signal: req.signal,
        slots: req.slots,
        baseURL: c.baseURL,
        jsonSchemaMode: c.jsonSchema,
        maxFormatRepairs: c.maxFormatRepairs,
        maxContinuations: c.maxContinuations,
        defaultTemperature: c.temperature,
      };
      return runStructuredCall(ctx, model, req);
    },
  };
}
