// The public surface of the LLM layer. Domain code takes an `Llm` in its deps; only composition
// roots (workers, CLIs) create one.
export type * from "./types";
export { LLM_ROLES } from "./types";
export { createLlm, type TLlmClient } from "./client";
export type { TLlmConfig, TLlmDeps } from "./config";
export { llmFromEnv, readLlmConfig } from "./from-env";
export { readLlmFailure, type TLlmFailureDetails } from "./failures";
export { createMemoryRecorder, noopRecorder } from "./recorders";
export { createDbRecorder } from "./record-calls";
export type { TPricing, TPrice } from "./pricing";
