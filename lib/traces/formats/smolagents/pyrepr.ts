// A lenient reader for Python repr() text as smolagents wrote it into early-2025 run files:
// `ActionStep(tool_calls=[ToolCall(name='x', arguments='…', id='call_1')], error=None, …)`.
// It understands literals (str, bytes, numbers, None/True/False), lists, tuples, dicts, sets and
// calls `Name(arg, key=value)`; opaque reprs such as `<PIL.Image.Image … at 0x…>` become strings.
// Nothing is ever evaluated.

export type TPyCall = { __type: string; __args?: unknown[]; [kw: string]: unknown };

export class PyReprError extends Error {}

export function parsePyRepr(text: string): unknown {
  const r = new Reader(text);
  const value = r.readValue();
  r.skipSpace();
  if (!r.done()) throw new PyReprError(`unexpected ${JSON.stringify(r.peek())} at ${r.pos}`);
  return value;
}

const CLOSERS: Record<string, string> = { "[": "]", "(": ")", "{": "}" };
const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", v: "\v", a: "\x07", "\\": "\\", "'": "'", '"': '"' };

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.pos >= this.s.length;
  }
  peek(): string {
    return this.s[this.pos];
  }
  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
  }

  readValue(): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) throw new PyReprError("unexpected end of text");
    if (c === "[" || c === "(" || c === "{") return this.readContainer(c);
    if (c === "<") return this.readOpaque();
    if (c === "'" || c === '"') return this.readStrings("");
    if (/[-+\d.]/.test(c)) return this.readNumber();
    if (/[A-Za-z_]/.test(c)) return this.readName();
    throw new PyReprError(`unexpected ${JSON.stringify(c)} at ${this.pos}`);
  }

  private readName(): unknown {
    const m = /^[A-Za-z_][\w.]*/.exec(this.s.slice(this.pos, this.pos + 256))!;
    const name = m[0];
    const next = this.s[this.pos + name.length];
    // A short prefix directly followed by a quote is a string prefix (r'', b'', f'', rb'').
    if (/^[rRbBuUfF]{1,2}$/.test(name) && (next === "'" || next === '"')) {
      this.pos += name.length;
      return this.readStrings(name);
    }
    this.pos += name.length;
    this.skipSpace();
    if (this.peek() === "(") return this.readCall(name);
    if (name === "None") return null;
    if (name === "True") return true;
    if (name === "False") return false;
    if (name === "inf" || name === "nan") return name;
    return name; // an unknown bare name (enum member, module path) is kept as its text
  }

  private readCall(name: string): TPyCall {
    this.pos++; // (
    const call: TPyCall = { __type: name };
    const args: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === ")") break;
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.s.slice(this.pos, this.pos + 128));
      if (kw) {
        this.pos += kw[0].length;
        call[kw[1]] = this.readValue();
      } else args.push(this.readValue());
      if (!this.readSeparator(")")) break;
    }
    this.expect(")");
    if (args.length) call.__args = args;
    return call;
  }

  private readContainer(open: string): unknown {
    const close = CLOSERS[open];
    this.pos++;
    const items: unknown[] = [];
    const dict: Record<string, unknown> = {};
    let isDict = false;
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) break;
      const item = this.readValue();
      this.skipSpace();
      if (open === "{" && this.peek() === ":") {
        this.pos++;
        isDict = true;
        dict[typeof item === "string" ? item : JSON.stringify(item)] = this.readValue();
      } else items.push(item);
      if (!this.readSeparator(close)) break;
    }
    this.expect(close);
    return isDict || (open === "{" && items.length === 0) ? dict : items;
  }

  /** Consumes a comma; false when the closer follows instead. */
  private readSeparator(close: string): boolean {
    this.skipSpace();
    if (this.peek() === ",") {
      this.pos++;
      return true;
    }
    if (this.peek() === close) return false;
    throw new PyReprError(`expected ',' or '${close}' at ${this.pos}`);
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.peek() !== ch) throw new PyReprError(`expected '${ch}' at ${this.pos}`);
    this.pos++;
  }

  private readOpaque(): string {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.s.length; this.pos++) {
      const c = this.s[this.pos];
      if (c === "<") depth++;
      if (c === ">" && --depth === 0) return this.s.slice(start, ++this.pos);
    }
    throw new PyReprError(`unterminated <…> at ${start}`);
  }

  private readNumber(): unknown {
    const m = /^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?j?|^[-+]?(inf|nan)/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) throw new PyReprError(`bad number at ${this.pos}`);
    this.pos += m[0].length;
    const n = Number(m[0].replace(/_/g, ""));
    return Number.isFinite(n) ? n : m[0];
  }

  /** One string literal, then any adjacent ones (Python concatenates them). */
  private readStrings(prefix: string): string {
    let out = this.readString(prefix);
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const m = /^[rRbBuUfF]{0,2}(?=['"])/.exec(this.s.slice(this.pos, this.pos + 3));
      if (!m) {
        this.pos = save;
        return out;
      }
      this.pos += m[0].length;
      out += this.readString(m[0]);
    }
  }

  private readString(prefix: string): string {
    const raw = /r/i.test(prefix);
    const q = this.s.startsWith(this.s[this.pos].repeat(3), this.pos) ? this.s[this.pos].repeat(3) : this.s[this.pos];
    this.pos += q.length;
    let out = "";
    while (this.pos < this.s.length) {
      if (this.s.startsWith(q, this.pos)) {
        this.pos += q.length;
        return out;
      }
      const c = this.s[this.pos];
      if (c === "\\") {
        out += raw ? this.s.slice(this.pos, this.pos + 2) : this.readEscape();
        if (raw) this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    throw new PyReprError("unterminated string");
  }

  private readEscape(): string {
    const e = this.s[this.pos + 1];
    this.pos += 2;
    if (e === undefined) return "\\";
    if (e === "\n") return "";
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen) {
      const hex = this.s.slice(this.pos, this.pos + hexLen);
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLen) {
        this.pos += hexLen;
        return String.fromCodePoint(parseInt(hex, 16));
      }
    }
    const oct = /^[0-7]{1,3}/.exec(this.s.slice(this.pos - 1, this.pos + 2));
    if (oct) {
      this.pos += oct[0].length - 1;
      return String.fromCharCode(parseInt(oct[0], 8));
    }
    return `\\${e}`; // unknown escapes stay as written, like Python does
  }
}
