import { db, type Prisma, type TDb } from "../db/client";
import type { LlmCallRecorder } from "./types";

// Every HTTP attempt becomes one llm_calls row, so the UI can show what a run asked, got and paid,
// including the attempts that failed.

export function createPrismaRecorder(client: () => TDb = db): LlmCallRecorder {
  return {
    async record(call) {
      await client().llmCall.create({
        data: {
          runId: call.runId ?? null,
          stepKey: call.stepKey ?? null,
          role: call.role,
          model: call.model,
          prompt: call.prompt as unknown as Prisma.InputJsonValue,
          response: call.response,
          tokensIn: call.tokensIn,
          tokensOut: call.tokensOut,
          costUsd: call.costUsd,
          latencyMs: Math.round(call.latencyMs),
          attempt: call.attempt,
          error: call.error,
        },
      });
    },
  };
}
