import { AppError } from "../errors";
import type { TLlmFailure, TLlmUsage } from "./types";

// Output failures (the model answered, but not usably) are not worth retrying with the same prompt;
// endpoint failures are, later. "rejected" is a configuration problem (bad key, unknown model), so
// retrying cannot help either.
const OUTPUT_FAILURES: ReadonlySet<TLlmFailure> = new Set(["refusal", "unparsable", "truncated"]);

export type TLlmFailureDetails = {
  reason: TLlmFailure;
  attempts: number;
  usage: TLlmUsage;
  status?: number;
};

export function createLlmFailure(reason: TLlmFailure, message: string, extra: { attempts: number; usage: TLlmUsage; status?: number; cause?: unknown }): AppError {
  const details: TLlmFailureDetails = { reason, attempts: extra.attempts, usage: { ...extra.usage } };
  if (extra.status !== undefined) details.status = extra.status;
  if (OUTPUT_FAILURES.has(reason)) {
    return new AppError("invalid_input:llm_output", message, { details, retryable: false, cause: extra.cause });
  }
  return new AppError("unavailable:llm", message, { details, retryable: reason !== "rejected", cause: extra.cause });
}

/** The failure reason of an error thrown by the LLM layer, if it is one. */
export function readLlmFailure(e: unknown): TLlmFailureDetails | undefined {
  if (!(e instanceof AppError) || (e.code !== "unavailable:llm" && e.code !== "invalid_input:llm_output")) return undefined;
  const d = e.details as Partial<TLlmFailureDetails> | undefined;
  return d?.reason ? (d as TLlmFailureDetails) : undefined;
}
