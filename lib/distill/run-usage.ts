import type { TLlmUsage } from "../llm/types";
import type { TTx } from "./durable-step";
import type { TDb } from "../db/client";

// Tokens and cost add up on the run row as each step commits (atomic increments, so concurrent
// steps and workers never lose an update); the budget check and the progress stream read them.

export async function addRunUsage(client: TTx | TDb, runId: string, usage: TLlmUsage): Promise<void> {
  if (!usage.tokensIn && !usage.tokensOut && !usage.costUsd) return;
  await client.distillRun.update({
    where: { id: runId },
    data: { tokensIn: { increment: usage.tokensIn }, tokensOut: { increment: usage.tokensOut }, costUsd: { increment: usage.costUsd } },
  });
}
