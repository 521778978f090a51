import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import type { TFakeScript } from "../testing/fake-openai/script";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import { expectAppError } from "../testing/expect-error";
import { CONTINUE_PROMPT, REPAIR_PREFIX } from "./structured-output";
import type { TStructuredRequest } from "./types";

// The structured-output path through the real SDK and real sockets: schema formats, tolerant
// parsing, format repair, the json_schema fallback, continuations and refusals.

const ZLesson = z.object({ title: z.string(), steps: z.array(z.number().int()) });
const lesson = { title: "Check the header row", steps: [3, 4] };
const ask = (extra: Partial<TStructuredRequest<z.infer<typeof ZLesson>>> = {}): TStructuredRequest<z.infer<typeof ZLesson>> => ({
  role: "analyst",
  schema: ZLesson,
  schemaName: "lesson",
  messages: [
    { role: "system", content: "You are a failure-analysis agent." },
    { role: "user", content: "Trajectory 1: ..." },
  ],
  ...extra,
});

let server: TFakeOpenAI | undefined;
const start = async (script: TFakeScript) => (server = await startFakeOpenAI(script));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("structured output", () => {
  it("sends the zod schema as a json_schema response format and returns the validated value", async () => {
    const s = await start({ rules: [{ match: { role: "analyst", schemaName: "lesson" }, reply: { json: lesson } }] });
    const { llm, calls } = createTestLlm(s, { models: { analyst: "analyst-model" } });
    const result = await llm.structured(ask({ runId: undefined, stepKey: "t1" }));
    expect(result).toMatchObject({ value: lesson, model: "analyst-model", attempts: 1 });
    const body = s.requests[0].body as { model: string; response_format: { type: string; json_schema: { name: string; schema: { properties: object } } } };
    expect(body.model).toBe("analyst-model");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.name).toBe("lesson");
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toEqual(["title", "steps"]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ role: "analyst", model: "analyst-model", stepKey: "t1", attempt: 1, error: null, response: JSON.stringify(lesson) });
    expect(calls[0].prompt).toEqual(ask().messages);
    expect(calls[0].tokensIn).toBeGreaterThan(0);
  });

  it("makes an answer storable: NUL and a lone surrogate, raw or written as JSON escapes, never reach the database", async () => {
    // The first answer's escapes are inside the JSON text; the second's decode to characters in the HTTP body.
    const s = await start({
      rules: [{ reply: [{ content: '{"title": "half \\uD83D and nul\\u0000", "steps": [1]}' }, { content: '{"title": "raw \ud83d\u0000", "steps": [2]}' }] }],
    });
    const { llm, calls } = createTestLlm(s);
    const first = await llm.structured(ask({ stepKey: "e1" }));
    expect(first.value).toEqual({ title: "half \ufffd and nul", steps: [1] });
    const second = await llm.structured(ask({ stepKey: "e2" }));
    expect(second.value).toEqual({ title: "raw \ufffd", steps: [2] });
    expect(calls[1].response).toBe('{"title": "raw \ufffd", "steps": [2]}');
  });

  it("reads an answer with <think>, a fence and trailing prose without a repair", async () => {
    const content = `<think>the header is row 2</think>\nHere you go:\n\`\`\`json\n${JSON.stringify(lesson)}\n\`\`\`\nHope it helps!`;
    const s = await start({ rules: [{ reply: { content } }] });
    const { llm } = createTestLlm(s);
    await expect(llm.structured(ask())).resolves.toMatchObject({ value: lesson, attempts: 1 });
  });

  it("repairs malformed JSON and then a validation error, quoting each error verbatim", async () => {
    const s = await start({
      rules: [{ reply: [{ content: '```json\n{"title": "x", "steps": [1, 2\n```' }, { content: '{"title": "x", "steps": ["three"]}' }, { json: lesson }] }],
    });
    const { llm, calls } = createTestLlm(s);
    const result = await llm.structured(ask());
    expect(result).toMatchObject({ value: lesson, attempts: 3 });
    const [, second, third] = s.requests;
    expect(second.messages.at(-2)).toEqual({ role: "assistant", content: '```json\n{"title": "x", "steps": [1, 2\n```' });
    expect(second.messages.at(-1)?.content).toMatch(new RegExp(`^${REPAIR_PREFIX.replace(/[.;]/g, "\\$&")}The response contains no valid JSON object \\(JSON\\.parse: `));
    expect(third.messages.at(-1)?.content).toContain("does not match the required schema");
    expect(third.messages.at(-1)?.content).toMatch(/steps/);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it("fails as unparsable after two repairs", async () => {
    const s = await start({ rules: [{ reply: { content: "I would rather write prose." } }] });
    const { llm, calls } = createTestLlm(s);
    const err = await expectAppError(llm.structured(ask()), "invalid_input:llm_output");
    expect(err.details).toMatchObject({ reason: "unparsable", attempts: 3 });
    expect(err.retryable).toBe(false);
    expect([s.requests.length, calls.length]).toEqual([3, 3]);
  });

  it("falls back to the schema in the prompt once an endpoint rejects json_schema, and remembers it", async () => {
    const s = await start({ jsonSchema: "unsupported", rules: [{ reply: { json: lesson } }] });
    const { llm, calls } = createTestLlm(s);
    await expect(llm.structured(ask())).resolves.toMatchObject({ value: lesson, attempts: 2 });
    expect(s.requests.map((r) => [r.status, r.schemaName])).toEqual([
      [400, "lesson"],
      [200, undefined],
    ]);
    expect(s.requests[1].system).toContain("conforms to this JSON Schema");
    expect(s.requests[1].system).toContain('"steps"');
    expect(calls[0].error).toMatch(/^rejected 400/);
    // A second client of the same endpoint does not pay the failing request again.
    const other = createTestLlm(s);
    await expect(other.llm.structured(ask())).resolves.toMatchObject({ attempts: 1 });
    expect(s.requests[2].schemaName).toBeUndefined();
  });

  it("puts the schema in the prompt when json_schema is off, and fails clearly when it is on and unsupported", async () => {
    const s = await start({ jsonSchema: "unsupported", rules: [{ reply: { json: lesson } }] });
    await expect(createTestLlm(s, { jsonSchema: "off" }).llm.structured(ask())).resolves.toMatchObject({ attempts: 1 });
    expect(s.requests[0].body.response_format).toBeUndefined();
    const err = await expectAppError(createTestLlm(s, { jsonSchema: "on" }).llm.structured(ask()), "unavailable:llm");
    expect(err.details).toMatchObject({ reason: "rejected", status: 400, attempts: 1 });
  });

  it("continues an answer cut off by the length limit, without a response format", async () => {
    const s = await start({ faultSequence: ["truncated"], rules: [{ reply: { json: lesson } }] });
    const { llm } = createTestLlm(s);
    await expect(llm.structured(ask())).resolves.toMatchObject({ value: lesson, attempts: 2, rawText: JSON.stringify(lesson) });
    const continuation = s.requests[1];
    expect(continuation.messages.at(-1)).toEqual({ role: "user", content: CONTINUE_PROMPT });
    expect(continuation.messages.at(-2)?.role).toBe("assistant");
    expect(continuation.schemaName).toBeUndefined();
  });

  it("fails as truncated when the answer stays cut off after two continuations", async () => {
    const s = await start({ rules: [{ reply: { content: '{"title": "a very long', finishReason: "length" } }] });
    const err = await expectAppError(createTestLlm(s).llm.structured(ask()), "invalid_input:llm_output");
    expect(err.details).toMatchObject({ reason: "truncated", attempts: 3 });
  });

  it.each(["refusal", "content_filter"] as const)("does not retry a %s", async (fault) => {
    const s = await start({ faultSequence: [fault], rules: [{ reply: { json: lesson } }] });
    const { llm, calls } = createTestLlm(s);
    const err = await expectAppError(llm.structured(ask()), "invalid_input:llm_output");
    expect(err.details).toMatchObject({ reason: "refusal", attempts: 1 });
    expect([s.requests.length, calls.length]).toEqual([1, 1]);
  });

  it("uses the model of each role and asks the endpoint when none is configured", async () => {
    const s = await start({ models: ["served-model"], rules: [{ reply: { json: lesson } }] });
    const configured = createTestLlm(s, { defaultModel: "default-model", models: { mapper: "mapper-model" } }).llm;
    expect([configured.modelFor("mapper"), configured.modelFor("merger")]).toEqual(["mapper-model", "default-model"]);
    await configured.structured(ask({ role: "mapper" }));
    expect([s.requests[0].model, s.requests[0].role]).toEqual(["mapper-model", "mapper"]);
    const discovering = createTestLlm(s, { defaultModel: undefined }).llm;
    await expect(discovering.structured(ask())).resolves.toMatchObject({ model: "served-model" });
    expect(discovering.modelFor("translator")).toBe("served-model");
  });

  it("sums tokens and cost over every attempt with per-model prices", async () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 500 };
    const s = await start({ rules: [{ reply: [{ content: "not json", usage }, { json: lesson, usage }] }] });
    const pricing = { default: { inputPerMTok: 1, outputPerMTok: 2 }, models: { "pricey-model": { inputPerMTok: 10, outputPerMTok: 20 } } };
    const cheap = await createTestLlm(s, { pricing }).llm.structured(ask());
    expect(cheap.usage.tokensIn).toBe(2000);
    expect(cheap.usage.tokensOut).toBe(1000);
    expect(cheap.usage.costUsd).toBeCloseTo(2 * (1000 * 1 + 500 * 2) / 1e6, 10);
    s.setScript({ rules: [{ reply: { json: lesson, usage } }] });
    const { llm, calls } = createTestLlm(s, { pricing, defaultModel: "pricey-model" });
    const pricey = await llm.structured(ask());
    expect(pricey.usage.costUsd).toBeCloseTo((1000 * 10 + 500 * 20) / 1e6, 10);
    expect(calls[0]).toMatchObject({ tokensIn: 1000, tokensOut: 500, costUsd: pricey.usage.costUsd });
  });

  it("adapts once to a model that refuses max_tokens and temperature, and remembers it", async () => {
    const s = await start({
      rules: [
        {
          reply: (req) => {
            if ("max_tokens" in req.body) return { status: 400, body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." } } };
            if ("temperature" in req.body) return { status: 400, body: { error: { message: "Unsupported value: 'temperature' does not support 0.6 with this model. Only the default (1) value is supported." } } };
            return { json: lesson };
          },
        },
      ],
    });
    const { llm } = createTestLlm(s, { defaultModel: "reasoning-model" });
    await expect(llm.structured(ask({ maxTokens: 800, temperature: 0.6 }))).resolves.toMatchObject({ value: lesson, attempts: 3 });
    expect(s.requests[2].body).toMatchObject({ max_completion_tokens: 800 });
    expect(s.requests[2].body).not.toHaveProperty("temperature");
    await expect(llm.structured(ask({ maxTokens: 800, temperature: 0.6 }))).resolves.toMatchObject({ attempts: 1 });
  });

  it("falls back for one call only when the endpoint rejects just this schema", async () => {
    const s = await start({
      rules: [
        {
          match: { schemaName: "lesson" },
          times: 1,
          reply: { status: 400, body: { error: { message: "Invalid schema for response_format 'lesson': In context=(), 'required' is required" } } },
        },
        { reply: { json: lesson } },
      ],
    });
    const { llm } = createTestLlm(s);
    await expect(llm.structured(ask())).resolves.toMatchObject({ attempts: 2 });
    await llm.structured(ask());
    expect(s.requests.map((r) => r.schemaName)).toEqual(["lesson", undefined, "lesson"]);
  });
});
