import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "../errors";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import { readLlmFailure } from "./failures";
import type { TLlmFailure } from "./types";

// The promise the distillation pipeline relies on: under a realistic mix of endpoint faults every
// call ends, with a value or an explicit failure reason, and every HTTP attempt is accounted for.

const ZLesson = z.object({ id: z.number().int(), title: z.string(), steps: z.array(z.number().int()) });
const REASONS: TLlmFailure[] = ["timeout", "rate_limited", "server_error", "network", "refusal", "unparsable", "truncated", "aborted", "rejected"];

let server: TFakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("fault injection", () => {
  it("ends all of 50 calls at a 30 % mixed fault rate with a value or an explicit reason", { timeout: 60_000 }, async () => {
    const s = (server = await startFakeOpenAI({
      seed: 42,
      faultRate: 0.3,
      faultKinds: ["rate_limited", "server_error", "hang", "drop", "malformed", "truncated", "refusal", "content_filter"],
      latencyMs: [0, 15],
      rules: [
        {
          match: { contains: /Trajectory \d+/ },
          reply: (req) => {
            const id = Number(/Trajectory (\d+)/.exec(req.text)![1]);
            return { json: { id, title: `Lesson of trajectory ${id}`, steps: [id % 7, (id % 7) + 1] } };
          },
        },
      ],
    }));
    const { llm, calls, sleeps } = createTestLlm(s, { timeoutMs: 400, concurrency: 8, retry: { maxRetries: 3 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        llm.structured({ role: "analyst", schema: ZLesson, schemaName: "lesson", stepKey: `t${i}`, messages: [{ role: "user", content: `Trajectory ${i}` }] }),
      ),
    );

    let attempts = 0;
    let failures = 0;
    outcomes.forEach((o, i) => {
      if (o.status === "fulfilled") {
        expect(o.value.value.id).toBe(i);
        attempts += o.value.attempts;
        return;
      }
      failures++;
      expect(o.reason).toBeInstanceOf(AppError);
      const failure = readLlmFailure(o.reason);
      expect(failure, String(o.reason)).toBeDefined();
      expect(REASONS).toContain(failure!.reason);
      attempts += failure!.attempts;
    });
    expect(outcomes).toHaveLength(50);
    // Refusals are the only fault that is not retried, so some calls fail and most succeed.
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(25);
    expect(attempts).toBe(s.requests.length);
    expect(calls).toHaveLength(s.requests.length);
    expect(new Set(calls.map((c) => c.stepKey)).size).toBe(50);
    expect(s.requests.filter((r) => r.fault !== null).length).toBeGreaterThan(10);
    expect(sleeps.length).toBeGreaterThan(0);
    expect(s.maxInFlight).toBeLessThanOrEqual(8);
  });
});
