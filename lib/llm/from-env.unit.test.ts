import { afterEach, describe, expect, it } from "vitest";
import { env, setEnv } from "../env";
import { llmFromEnv, readLlmConfig } from "./from-env";

// The environment → client mapping; llmFromEnv is null without an endpoint so callers fall back
// to the rule-based analyst.

const VARS = ["OPENAI_BASE_URL", "OPENAI_API_KEY", "T2S_MODEL", "T2S_MODEL_ANALYST", "T2S_LLM_JSON_SCHEMA", "T2S_LLM_MAX_RETRIES", "T2S_MODEL_PRICES", "T2S_PRICE_INPUT_PER_MTOK"];
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
afterEach(() => setEnv(saved));

describe("llm configuration from the environment", () => {
  it("is absent without a base URL or key", () => {
    setEnv({ OPENAI_BASE_URL: undefined, OPENAI_API_KEY: undefined });
    expect(readLlmConfig()).toBeNull();
    expect(llmFromEnv()).toBeNull();
  });

  it("maps every variable", () => {
    setEnv({
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_API_KEY: "k",
      T2S_MODEL: "base",
      T2S_MODEL_ANALYST: "thinker",
      T2S_LLM_JSON_SCHEMA: "off",
      T2S_LLM_MAX_RETRIES: "2",
      T2S_PRICE_INPUT_PER_MTOK: "0.5",
      T2S_MODEL_PRICES: '{"thinker": {"input": 3, "output": 15}}',
    });
    expect(readLlmConfig()).toMatchObject({
      baseURL: "http://127.0.0.1:9/v1",
      apiKey: "k",
      defaultModel: "base",
      models: { analyst: "thinker" },
      jsonSchema: "off",
      retry: { maxRetries: 2 },
      pricing: { default: { inputPerMTok: 0.5, outputPerMTok: 0 }, models: { thinker: { inputPerMTok: 3, outputPerMTok: 15 } } },
    });
    const llm = llmFromEnv();
    expect([llm?.modelFor("analyst"), llm?.modelFor("mapper")]).toEqual(["thinker", "base"]);
  });

  it("defaults to OpenAI's URL when only a key is set, and rejects malformed model prices", () => {
    setEnv({ OPENAI_BASE_URL: undefined, OPENAI_API_KEY: "k" });
    expect(readLlmConfig()?.baseURL).toBe("https://api.openai.com/v1");
    setEnv({ T2S_MODEL_PRICES: "{not json" });
    expect(() => env()).toThrow(/T2S_MODEL_PRICES/);
  });
});
