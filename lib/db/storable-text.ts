// PostgreSQL's text, json and jsonb cannot hold U+0000 nor an unpaired UTF-16 surrogate ("\ud83d"
// without its partner), and JSON from outside (a trace file, an LLM's answer) may spell either as an
// escape. One such string fails the whole statement it travels in — a batch of 100 trajectories, 64
// call records — so text from outside is made storable where it enters: NUL is dropped and a lone
// surrogate becomes U+FFFD, as a UTF-8 decoder reads a broken sequence. Clean text, the common case,
// is recognised cheaply and passed through untouched.

/** An escape in JSON text that would decode to NUL or to a surrogate; upper or lower case. */
const RISKY_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/** The string without NUL and with every lone surrogate replaced by U+FFFD. */
export function storableText(s: string): string {
  const noNul = s.includes("\u0000") ? s.replace(/\u0000/g, "") : s;
  return noNul.isWellFormed() ? noNul : noNul.toWellFormed();
}

/**
 * Whether JSON text may hold a string PostgreSQL cannot store. JSON.stringify writes NUL and lone
 * surrogates only as escapes (paired ones as characters), so on its output this finds them all; a
 * false alarm (a literal backslash before "u0000" or "ud8") only costs the slow path.
 */
export function mayBeUnstorableJson(json: string): boolean {
  return RISKY_ESCAPE.test(json);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A copy of a JSON value whose strings (and object keys) are all storable. */
export function storableValue<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableValue) as T;
  if (value && typeof value === "object" && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableText(k)] = storableValue(v);
    return out as T;
  }
  return value;
}

/** JSON.stringify for a statement parameter: the same text, unless a string had to be made storable. */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  return mayBeUnstorableJson(json) ? JSON.stringify(storableValue(value)) : json;
}
