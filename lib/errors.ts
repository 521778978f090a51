import { ZodError } from "zod";

// One error type for the whole product. Codes are "kind" or "kind:entity" (e.g. not_found:skill);
// the kind decides the HTTP status, the entity makes messages and client handling precise.

export type ErrorKind =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorKind, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export type TErrorBody = {
  error: { code: string; message: string; details?: unknown };
};

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details?: unknown;
  /** Whether retrying the same operation later may succeed (used by jobs and the LLM layer). */
  readonly retryable: boolean;

  constructor(code: `${ErrorKind}` | `${ErrorKind}:${string}`, message: string, opts: { details?: unknown; retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.kind = code.split(":")[0] as ErrorKind;
    this.details = opts.details;
    this.retryable = opts.retryable ?? (this.kind === "unavailable" || this.kind === "rate_limited");
  }

  get status(): number {
    return STATUS[this.kind] ?? 500;
  }

  toBody(): TErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns any thrown value into an AppError; unknown errors become `internal` without leaking their text. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof ZodError) {
    return new AppError("invalid_input", "The request is not valid.", {
      details: e.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return new AppError("internal", "Something went wrong on our side. The error has been logged.", { cause: e });
}

/** The edge translation as data (status and JSON body); internal errors are logged here. */
export function toErrorReply(e: unknown): { status: number; body: TErrorBody } {
  const err = toAppError(e);
  if (err.kind === "internal") console.error("[internal error]", err.cause ?? err);
  return { status: err.status, body: err.toBody() };
}

/** The edge translation: every API route returns errors through this. */
export function toResponse(e: unknown): Response {
  const { status, body } = toErrorReply(e);
  return Response.json(body, { status });
}

export const notFound = (entity: string, what = entity) => new AppError(`not_found:${entity}`, `No such ${what}.`);
