// The script of the fake OpenAI-compatible server: rules pick a reply by what a request contains
// (role header, model, system prompt, any message text, response_format name); faults are layered
// on top, by a seeded rate or an explicit sequence, so a fault-rate run is reproducible.

export const FAULT_KINDS = [
  "rate_limited",
  "server_error",
  "hang",
  "drop",
  "malformed",
  "truncated",
  "refusal",
  "content_filter",
  "json_schema_unsupported",
] as const;
export type TFaultKind = (typeof FAULT_KINDS)[number];

export type TFakeMessage = { role: string; content: string };

/** A request the server received, as tests see it. */
export type TFakeRequest = {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The x-t2s-role header the product's client sends. */
  role?: string;
  model?: string;
  schemaName?: string;
  messages: TFakeMessage[];
  system: string;
  /** Every message's content, joined: what `contains` rules match on. */
  text: string;
  /** Epoch ms (sub-ms precision) of the request's arrival, the instant servedMs counts from. */
  receivedAt: number;
  /** The rule that answered, the fault applied, the HTTP status sent (0: none, the request hung or was dropped). */
  rule?: string;
  fault: TFaultKind | null;
  status: number;
  /** ms from the request's arrival to its answer being sent (unset while unanswered, or never answered). */
  servedMs?: number;
};

export type TFakeReply = {
  /** The answer as a value (sent as JSON text) or as raw text. */
  json?: unknown;
  content?: string;
  finishReason?: "stop" | "length" | "content_filter";
  refusal?: string;
  /** Answer with this fault instead. */
  fault?: TFaultKind;
  /** A raw HTTP error: status, JSON body and headers. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  retryAfterSeconds?: number;
  retryAfterMs?: number;
  latencyMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  model?: string;
};

export type TFakeResponder = TFakeReply | TFakeReply[] | ((req: TFakeRequest) => TFakeReply | Promise<TFakeReply>);

/** Strings match as substrings; in JSON scripts, "/pattern/flags" is a regular expression. */
export type TPattern = string | RegExp;

export type TFakeMatch = {
  role?: string;
  model?: TPattern;
  system?: TPattern;
  contains?: TPattern;
  lastUser?: TPattern;
  schemaName?: TPattern;
};

export type TFakeRule = {
  name?: string;
  match?: TFakeMatch;
  /** A reply, a queue of replies (the rule stops matching once it is empty), or a function. */
  reply: TFakeResponder;
  /** Answer at most this many requests. */
  times?: number;
};

export type TFakeScript = {
  rules?: TFakeRule[];
  /** For requests no rule matches (a queue here is used up like a rule's); default: a 400 naming the request, so a test fails loudly. */
  fallback?: TFakeResponder;
  /** Added before every answer; a pair is a seeded uniform range. */
  latencyMs?: number | [number, number];
  /** Share of chat requests (0..1) that get a fault drawn from faultKinds. */
  faultRate?: number;
  /** Kinds drawn for faultRate (equal weights for a list). Default: every kind but json_schema_unsupported. */
  faultKinds?: TFaultKind[] | Partial<Record<TFaultKind, number>>;
  /** Faults for the first requests in order; null is a normal answer. Used before faultRate. */
  faultSequence?: Array<TFaultKind | null>;
  /** "unsupported": every json_schema response_format gets a 400, as older vLLM / llama.cpp servers. */
  jsonSchema?: "supported" | "unsupported";
  /** Retry-After of rate_limited faults, in seconds (default 1). */
  retryAfterSeconds?: number;
  seed?: number;
  models?: string[];
};

export function testPattern(pattern: TPattern | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  return typeof pattern === "string" ? value.includes(pattern) : pattern.test(value);
}

export function matchesRule(match: TFakeMatch | undefined, req: TFakeRequest): boolean {
  if (!match) return true;
  const lastUser = [...req.messages].reverse().find((m) => m.role === "user")?.content;
  return (
    (match.role === undefined || match.role === req.role) &&
    testPattern(match.model, req.model) &&
    testPattern(match.system, req.system) &&
    testPattern(match.contains, req.text) &&
    testPattern(match.lastUser, lastUser) &&
    testPattern(match.schemaName, req.schemaName)
  );
}

function revivePattern(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = /^\/(.+)\/([a-z]*)$/s.exec(value);
  return m ? new RegExp(m[1], m[2]) : value;
}

/** Turns a JSON script (patterns as "/re/flags" strings) into a script. */
export function reviveScript(json: unknown): TFakeScript {
  const script = structuredClone(json) as TFakeScript;
  for (const rule of script.rules ?? []) {
    if (!rule.match) continue;
    for (const key of Object.keys(rule.match) as Array<keyof TFakeMatch>) {
      (rule.match as Record<string, unknown>)[key] = revivePattern(rule.match[key]);
    }
  }
  return script;
}
