import { toIso } from "../normalize";
import { asArray, asRecord, isRecord, num, str, type TRecord } from "./api-shared";

// Spans from the two OpenTelemetry JSON shapes (doc §A11), read into one form:
// - SDK span JSON (`ReadableSpan.to_json()`, any-agent `AgentTrace{spans}`): flat `attributes`,
//   `context{trace_id, span_id}` as decimal ints (or "0x…" hex), ns or ISO times, `status.status_code`;
// - OTLP/JSON: `resourceSpans[].scopeSpans[].spans[]`, hex ids, `attributes[{key, value: AnyValue}]`,
//   int64 as strings, `startTimeUnixNano`, `status.code` (2 = error).

export type TSpanEvent = { name: string; time?: string; attrs: TRecord };
export type TSpan = {
  traceId: string;
  spanId: string;
  parentId?: string;
  name: string;
  /** Start in ns (number: fine for ordering), and ISO times for steps. */
  startNs: number;
  start?: string;
  end?: string;
  attrs: TRecord;
  events: TSpanEvent[];
  error?: string;
  failed: boolean;
  resource: TRecord;
  scope?: string;
};
export type TSpanIssue = { record: string; field: string; reason: string };

/**
 * JSON.parse that keeps integers beyond 2^53 exact, as digit strings: SDK span JSON writes 128-bit
 * trace ids and 64-bit span ids as bare numbers, which would otherwise collide after rounding.
 */
export function parseJsonExact(text: string): unknown {
  const reviver = (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source) ? context.source : value;
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
}

export function isOtlpDocument(v: unknown): boolean {
  return isRecord(v) && Array.isArray(v.resourceSpans) && v.resourceSpans.some((r) => Array.isArray(asRecord(r).scopeSpans) || Array.isArray(asRecord(r).instrumentationLibrarySpans));
}

/** SDK span JSON: `{spans: [...]}` or a bare span array, some span carrying `gen_ai.*` attributes. */
export function isSdkSpanDocument(v: unknown): boolean {
  const spans = Array.isArray(v) ? v : isRecord(v) ? v.spans : undefined;
  if (!Array.isArray(spans) || !spans.length) return false;
  const isSpan = (s: unknown) => isRecord(s) && isRecord(s.context) && "trace_id" in s.context && isRecord(s.attributes);
  return spans.every(isSpan) && spans.some((s) => Object.keys(asRecord(asRecord(s).attributes)).some((k) => k.startsWith("gen_ai.")));
}

export function readSdkSpans(doc: unknown): { spans: TSpan[]; issues: TSpanIssue[] } {
  const list = Array.isArray(doc) ? doc : asArray(asRecord(doc).spans);
  const spans: TSpan[] = [];
  const issues: TSpanIssue[] = [];
  list.forEach((raw, i) => {
    const s = asRecord(raw);
    const ctx = asRecord(s.context);
    const traceId = hexId(ctx.trace_id, 32, true);
    const spanId = hexId(ctx.span_id, 16, true);
    if (!traceId || !spanId) return issues.push({ record: `spans[${i}]`, field: traceId ? "context.span_id" : "context.trace_id", reason: "span has no trace/span id" });
    const status = asRecord(s.status);
    const failed = String(status.status_code ?? "").toLowerCase().includes("error");
    spans.push({
      traceId,
      spanId,
      parentId: hexId(asRecord(s.parent).span_id ?? s.parent_id, 16, true),
      name: str(s.name) ?? "",
      startNs: toNs(s.start_time),
      start: toIso(s.start_time),
      end: toIso(s.end_time),
      attrs: asRecord(s.attributes),
      events: asArray(s.events).map((e) => ({ name: str(asRecord(e).name) ?? "", time: toIso(asRecord(e).timestamp), attrs: asRecord(asRecord(e).attributes) })),
      error: failed ? (str(status.description) ?? "error") : undefined,
      failed,
      resource: asRecord(asRecord(s.resource).attributes),
    });
  });
  return { spans, issues };
}

export function readOtlpSpans(doc: unknown, prefix = ""): { spans: TSpan[]; issues: TSpanIssue[] } {
  const spans: TSpan[] = [];
  const issues: TSpanIssue[] = [];
  asArray(asRecord(doc).resourceSpans).forEach((rs, r) => {
    const resource = kvList(asRecord(asRecord(rs).resource).attributes);
    const scopes = asArray(asRecord(rs).scopeSpans ?? asRecord(rs).instrumentationLibrarySpans);
    scopes.forEach((ss, si) => {
      const scope = str(asRecord(asRecord(ss).scope ?? asRecord(ss).instrumentationLibrary).name);
      asArray(asRecord(ss).spans).forEach((raw, i) => {
        const s = asRecord(raw);
        const record = `${prefix}resourceSpans[${r}].scopeSpans[${si}].spans[${i}]`;
        const traceId = hexId(s.traceId, 32, false);
        const spanId = hexId(s.spanId, 16, false);
        if (!traceId || !spanId) return issues.push({ record, field: traceId ? "spanId" : "traceId", reason: "span has no traceId/spanId" });
        const status = asRecord(s.status);
        const failed = status.code === 2 || status.code === "STATUS_CODE_ERROR";
        spans.push({
          traceId,
          spanId,
          parentId: hexId(s.parentSpanId, 16, false),
          name: str(s.name) ?? "",
          startNs: toNs(s.startTimeUnixNano),
          start: toIso(s.startTimeUnixNano),
          end: toIso(s.endTimeUnixNano),
          attrs: kvList(s.attributes),
          events: asArray(s.events).map((e) => ({ name: str(asRecord(e).name) ?? "", time: toIso(asRecord(e).timeUnixNano), attrs: kvList(asRecord(e).attributes) })),
          error: failed ? (str(status.message) ?? "error") : undefined,
          failed,
          resource,
          scope,
        });
      });
    });
  });
  return { spans, issues };
}

/** OTLP `[{key, value: AnyValue}]` as a flat object; int64 strings become numbers when exact. */
function kvList(list: unknown): TRecord {
  return Object.fromEntries(asArray(list).map((kv) => [String(asRecord(kv).key), anyValue(asRecord(kv).value)]));
}

function anyValue(v: unknown): unknown {
  const a = asRecord(v);
  if ("stringValue" in a) return a.stringValue;
  if ("boolValue" in a) return a.boolValue;
  if ("doubleValue" in a) return num(a.doubleValue);
  if ("intValue" in a) {
    const n = num(a.intValue);
    return n !== undefined && Number.isSafeInteger(n) ? n : a.intValue;
  }
  if ("arrayValue" in a) return asArray(asRecord(a.arrayValue).values).map(anyValue);
  if ("kvlistValue" in a) return kvList(asRecord(a.kvlistValue).values);
  if ("bytesValue" in a) return a.bytesValue;
  return undefined;
}

/**
 * Trace/span ids as lowercase hex. SDK JSON writes decimal ints (exact digit strings after
 * parseJsonExact) or "0x…" strings; OTLP writes hex, which may happen to be all digits.
 */
function hexId(v: unknown, width: number, decimal: boolean): string | undefined {
  if (v === undefined || v === null || v === "" || v === 0) return undefined;
  const s = String(v).trim();
  if (decimal && /^\d+$/.test(s)) {
    const big = BigInt(s);
    return big === 0n ? undefined : big.toString(16).padStart(width, "0");
  }
  const hex = s.replace(/^0x/i, "").toLowerCase();
  return hex && !/^0+$/.test(hex) ? hex : undefined;
}

function toNs(v: unknown): number {
  const n = num(v);
  if (n !== undefined) return n > 1e17 ? n : n > 1e11 ? n * 1e6 : n * 1e9;
  const ms = typeof v === "string" ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? 0 : ms * 1e6;
}
