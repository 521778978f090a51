import { randomUUID } from "node:crypto";
import { enginePool } from "../db/client";
import { createBatcher } from "../db/batcher";
import { storableJson } from "../db/storable-text";
import type { LlmCallRecorder, TLlmCallRecord } from "./types";

// Every HTTP attempt becomes one llm_calls row, so the UI can show what a run asked, got and paid,
// including the attempts that failed. A run has dozens of calls in flight and each row carries
// the whole prompt, so rows are written in adaptive batches (lib/db/batcher.ts): one INSERT with
// the rows as a single JSON parameter, straight through the pg pool — through Prisma, serialising
// and re-parsing each large prompt cost more CPU than the calls themselves (bench:distill).

const INSERT = `INSERT INTO llm_calls SELECT * FROM json_populate_recordset(NULL::llm_calls, $1::json)`;

function rowOf(call: TLlmCallRecord) {
  return {
    id: randomUUID(),
    runId: call.runId ?? null,
    stepKey: call.stepKey ?? null,
    role: call.role,
    model: call.model,
    prompt: call.prompt,
    response: call.response,
    tokensIn: call.tokensIn,
    tokensOut: call.tokensOut,
    costUsd: call.costUsd,
    latencyMs: Math.round(call.latencyMs),
    attempt: call.attempt,
    error: call.error,
    // UTC wall time, as Prisma stores TIMESTAMP(3) columns.
    createdAt: new Date().toISOString(),
  };
}

export function createDbRecorder(): LlmCallRecorder {
  // Each row is serialised when it is recorded and a batch only joins the strings: serialising 64
  // prompts at once held the event loop for milliseconds while answers waited to be read.
  const batcher = createBatcher<string, void>(
    async (rows) => {
      await enginePool().query(INSERT, [`[${rows.join(",")}]`]);
      return rows.map(() => undefined);
    },
    { maxItems: 64 },
  );
  // storableJson: one NUL or lone surrogate in a prompt would otherwise lose the whole batch of rows.
  return { record: (call) => batcher.add(storableJson(rowOf(call))), flush: () => batcher.drain() };
}
