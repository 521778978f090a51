import { APIError } from "openai";
import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { normalizeBaseUrl } from "./limiter";

// Parameters some models refuse: OpenAI's reasoning models reject `max_tokens` (they want
// `max_completion_tokens`) and any temperature but the default. The 400 names the parameter, so the
// client adapts once per endpoint and model and remembers, instead of failing every call.

export type TParamQuirks = { maxCompletionTokens?: boolean; noTemperature?: boolean };

const quirksByModel = new Map<string, TParamQuirks>();
const keyOf = (baseURL: string, model: string) => `${normalizeBaseUrl(baseURL)}\n${model}`;

export function applyParamQuirks(baseURL: string, body: ChatCompletionCreateParamsNonStreaming): ChatCompletionCreateParamsNonStreaming {
  const quirks = quirksByModel.get(keyOf(baseURL, body.model));
  if (!quirks) return body;
  const out = { ...body };
  if (quirks.maxCompletionTokens && out.max_tokens != null) {
    out.max_completion_tokens = out.max_tokens;
    delete out.max_tokens;
  }
  if (quirks.noTemperature) delete out.temperature;
  return out;
}

/** The quirk a 400 reveals about a parameter this body sent, if any. */
export function detectParamQuirk(e: unknown, body: ChatCompletionCreateParamsNonStreaming): keyof TParamQuirks | undefined {
  if (!(e instanceof APIError) || e.status !== 400) return undefined;
  const text = `${e.message} ${JSON.stringify(e.error ?? "")}`;
  if (body.max_tokens != null && /max_tokens/.test(text) && /max_completion_tokens/.test(text)) return "maxCompletionTokens";
  if (body.temperature != null && /temperature/i.test(text) && /unsupported|not support|does not support|only the default/i.test(text)) return "noTemperature";
  return undefined;
}

export function rememberParamQuirk(baseURL: string, model: string, quirk: keyof TParamQuirks): void {
  const key = keyOf(baseURL, model);
  quirksByModel.set(key, { ...quirksByModel.get(key), [quirk]: true });
}
