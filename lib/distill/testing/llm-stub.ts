import type { Llm, TLlmRole, TStructuredRequest, TStructuredResult } from "../../llm/types";

// An in-test Llm: answers are scripted per schemaName (a value, or a function of the request), and
// every request is kept so tests can read the prompts. Like the real client, the value is parsed
// with the request's schema, so an answer the schema rejects fails the call.

type TAnswer = unknown | ((req: TStructuredRequest<unknown>) => unknown);

export type TStubLlm = Llm & { requests: TStructuredRequest<unknown>[] };

export function createStubLlm(script: Record<string, TAnswer | TAnswer[]>): TStubLlm {
  const queues = new Map(Object.entries(script).map(([k, v]) => [k, Array.isArray(v) && k.endsWith("[]") ? [...v] : v]));
  const requests: TStructuredRequest<unknown>[] = [];
  return {
    requests,
    modelFor: (role: TLlmRole) => `stub-${role}`,
    async structured<T>(req: TStructuredRequest<T>): Promise<TStructuredResult<T>> {
      requests.push(req as TStructuredRequest<unknown>);
      if (!queues.has(req.schemaName)) throw new Error(`stub LLM has no answer for ${req.schemaName}`);
      const answer = queues.get(req.schemaName);
      const raw = typeof answer === "function" ? (answer as (r: TStructuredRequest<unknown>) => unknown)(req as TStructuredRequest<unknown>) : answer;
      const value = req.schema.parse(raw);
      return { value, model: `stub-${req.role}`, usage: { tokensIn: 100, tokensOut: 20, costUsd: 0.001 }, attempts: 1, rawText: JSON.stringify(raw) };
    },
  };
}

/** A GitHub token that the secret scanner recognizes (random, so no fixed secret sits in the repo). */
export function fakeGithubToken(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let s = "ghp_";
  for (let i = 0; i < 36; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}
