import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "../db/client";
import { randomId } from "../testing/ids";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { createLlm } from "./client";
import { createDbRecorder } from "./record-calls";

// Every HTTP attempt of a call lands in llm_calls, failed ones with their error.

let server: TFakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ faultSequence: ["server_error"], rules: [{ reply: { json: { ok: true }, usage: { prompt_tokens: 100, completion_tokens: 20 } } }] });
});
afterAll(() => server.close());

describe("createDbRecorder", () => {
  it("writes one llm_calls row per HTTP attempt", async () => {
    const recorder = createDbRecorder();
    const llm = createLlm(
      { baseURL: server.baseURL, defaultModel: "rec-model", pricing: { default: { inputPerMTok: 1, outputPerMTok: 1 } } },
      { recorder, sleep: async () => {} },
    );
    const stepKey = randomId("step");
    const messages = [{ role: "user" as const, content: "record me" }];
    const result = await llm.structured({ role: "merger", schema: z.object({ ok: z.boolean() }), schemaName: "ok", messages, stepKey });
    expect(result.attempts).toBe(2);
    await llm.flush();
    const rows = await db().llmCall.findMany({ where: { stepKey }, orderBy: { attempt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ role: "merger", model: "rec-model", attempt: 1, response: null, tokensIn: 0 });
    expect(rows[0].error).toMatch(/^server_error 500/);
    expect(rows[1]).toMatchObject({ attempt: 2, error: null, response: '{"ok":true}', tokensIn: 100, tokensOut: 20 });
    expect(rows[1].costUsd).toBeCloseTo(120 / 1e6, 12);
    expect(rows[1].prompt).toEqual(messages);
    expect(rows[1].latencyMs).toBeGreaterThanOrEqual(0);
  });
});
