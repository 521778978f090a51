import type { ZodType } from "zod";

// Jobs are data: a name, a zod payload schema, queue options and a handler. Payloads are validated
// when sent and again when a worker picks the job up, so a malformed job fails loudly, once.

export type TJobContext = { jobId: string; workerId: string; attempt: number };

export type TJobDefinition<T> = {
  name: string;
  payload: ZodType<T>;
  /** pg-boss queue options: retries with backoff, expiry, retention. */
  queue?: {
    retryLimit?: number;
    retryDelay?: number;
    retryBackoff?: boolean;
    expireInSeconds?: number;
    retentionSeconds?: number;
    /** The worker refreshes a heartbeat; a job whose worker died is retried once it goes stale (≥ 10 s). */
    heartbeatSeconds?: number;
  };
  /** Cron (UTC) for recurring jobs; the payload must then accept `{}`. */
  cron?: string;
  handler: (data: T, ctx: TJobContext) => Promise<void>;
};

export function defineJob<T>(def: TJobDefinition<T>): TJobDefinition<T> {
  return def;
}
