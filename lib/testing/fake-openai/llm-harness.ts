import { createLlm, type TLlmClient } from "../../llm/client";
import type { TLlmConfig, TLlmDeps } from "../../llm/config";
import { createMemoryRecorder } from "../../llm/recorders";
import type { TLlmCallRecord } from "../../llm/types";
import type { TFakeOpenAI } from "./server";

// The product's client pointed at a fake server, with recorded sleeps (no real backoff waits) and an
// in-memory recorder, so a test can assert on delays, attempts and records.

export type TTestLlm = { llm: TLlmClient; calls: TLlmCallRecord[]; sleeps: number[] };

export function createTestLlm(server: TFakeOpenAI, config: Partial<TLlmConfig> = {}, deps: TLlmDeps = {}): TTestLlm {
  const recorder = createMemoryRecorder();
  const sleeps: number[] = [];
  const llm = createLlm(
    { baseURL: server.baseURL, apiKey: "test-key", defaultModel: "fake-model", timeoutMs: 5_000, ...config },
    {
      recorder,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...deps,
    },
  );
  return { llm, calls: recorder.calls, sleeps };
}
