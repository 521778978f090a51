import type { LlmCallRecorder, TLlmCallRecord } from "./types";

// Recorders without a database: the default when none is given, and one that keeps the calls in
// memory for tests, benchmarks and the CLI's dry runs.

export const noopRecorder: LlmCallRecorder = { record: async () => {} };

export function createMemoryRecorder(): LlmCallRecorder & { calls: TLlmCallRecord[] } {
  const calls: TLlmCallRecord[] = [];
  return {
    calls,
    record: async (call) => {
      calls.push(structuredClone(call));
    },
  };
}
