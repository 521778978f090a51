// The detectors behind lib/traces/secrets.ts: one regular expression per kind of credential, a
// cheap literal pre-check so the common text without any hint costs a few `includes`, and an
// `accept` test that turns away the look-alikes agents write all day (placeholders, documentation
// examples, hex digests, package names).

export const SECRET_KINDS = [
  "private_key",
  "jwt",
  "anthropic_key",
  "openai_key",
  "github_token",
  "slack_token",
  "stripe_key",
  "google_api_key",
  "huggingface_token",
  "aws_access_key",
  "aws_secret_key",
  "bearer_token",
  "email",
] as const;
export type TSecretKind = (typeof SECRET_KINDS)[number];

export type TSecretRule = {
  kind: TSecretKind;
  /** Global regex; when `group` is set only that capture is the secret (the rest is context). */
  re: RegExp;
  /** A faster search with the same result as `re`, used instead of it when given. */
  find?: (text: string) => Iterable<[start: number, end: number]>;
  group?: number;
  /** At least one of these must occur in the text before the regex runs. */
  hints: string[];
  accept?: (secret: string) => boolean;
};

/** Shannon entropy in bits per character. */
export function entropyOf(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const PLACEHOLDER = /x{5,}|\*{3,}|\.{3}|(.)\1{6,}|your|example|placeholder|redacted|dummy|changeme|replace/i;

/** Random-looking: no placeholder wording, enough entropy, and at least two of lower/upper/digit. */
export function looksRandom(s: string, minEntropy = 3): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(s)).length;
  return classes >= 2 && entropyOf(s) >= minEntropy && !PLACEHOLDER.test(s);
}

const tail = (prefix: RegExp) => (s: string) => looksRandom(s.replace(prefix, ""));

function isJwt(token: string): boolean {
  const [header] = token.split(".");
  try {
    const decoded = JSON.parse(Buffer.from(header.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"));
    return typeof decoded === "object" && decoded !== null && ("alg" in decoded || "typ" in decoded);
  } catch {
    return false;
  }
}

// File names and package specifiers look like addresses (icon@2x.png, pkg@next.js); reserved
// example domains and machine senders (git@github.com, noreply@…) are not anyone's address.
const FILE_TLDS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "mjs", "cjs", "ts", "tsx", "jsx", "css", "scss", "json", "md", "py", "rb", "txt", "yml", "yaml", "toml", "lock", "html", "xml", "map"]);
const RESERVED_DOMAIN = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost|local)$/i;
const MACHINE_LOCAL = /^(git|no-?reply|do-?not-?reply|mailer-daemon)$/i;

function isPersonalEmail(addr: string): boolean {
  const at = addr.lastIndexOf("@");
  const local = addr.slice(0, at);
  const domain = addr.slice(at + 1).toLowerCase();
  const tld = domain.slice(domain.lastIndexOf(".") + 1);
  return !FILE_TLDS.has(tld) && !RESERVED_DOMAIN.test(domain) && !MACHINE_LOCAL.test(local);
}

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const EMAIL_AT = new RegExp(EMAIL.source.replace("(?<![A-Za-z0-9._%+-])", ""), "y");
const isLocalChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;

/**
 * EMAIL, found from each "@" instead of trying the pattern at every position of the text (which
 * made it ten times slower than all other rules together on long tool output).
 */
function* findEmails(text: string): Generator<[number, number]> {
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > 0 && at - start <= 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    // The local part starts where the run of address characters starts, and is at most 64 long.
    if (start === at || (start > 0 && isLocalChar(text.charCodeAt(start - 1)))) continue;
    EMAIL_AT.lastIndex = start;
    const m = EMAIL_AT.exec(text);
    if (m) yield [start, start + m[0].length];
  }
}

// Ordered by precedence: where two findings overlap, the earlier rule wins (a JWT or an OpenAI
// key inside an Authorization header is reported as what it is, not as a generic bearer token).
export const SECRET_RULES: TSecretRule[] = [
  {
    kind: "private_key",
    re: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----(?:[\s\S]{0,20000}?-----END \1PRIVATE KEY\2-----|(?:[A-Za-z0-9+/=:,\s-]|\\[nr]){64,})/g,
    hints: ["PRIVATE KEY"],
    // A header alone (code that looks for one) has no key material.
    accept: (s) => (s.replace(/-----[A-Z0-9 ]+-----/g, "").replace(/\\[nr]/g, "").match(/[A-Za-z0-9+/=]/g)?.length ?? 0) >= 48,
  },
  { kind: "jwt", re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g, hints: ["eyJ"], accept: isJwt },
  { kind: "anthropic_key", re: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/g, hints: ["sk-ant-"], accept: tail(/^sk-ant-(?:[a-z]+\d\d-)?/) },
  {
    kind: "openai_key",
    re: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    hints: ["sk-"],
    accept: tail(/^sk-(?:proj-|svcacct-|admin-)?/),
  },
  { kind: "github_token", re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})(?![A-Za-z0-9_])/g, hints: ["gh", "github_pat_"], accept: tail(/^(?:gh[pousr]_|github_pat_)/) },
  { kind: "slack_token", re: /(?<![A-Za-z0-9_-])xox[abprs]-[A-Za-z0-9-]{10,}/g, hints: ["xox"], accept: (s) => /\d{6,}/.test(s) && looksRandom(s.slice(5)) },
  { kind: "stripe_key", re: /(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{20,}(?![A-Za-z0-9])/g, hints: ["k_live_"], accept: tail(/^[sr]k_live_/) },
  { kind: "google_api_key", re: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, hints: ["AIza"], accept: tail(/^AIza/) },
  // Hugging Face tokens are letters only, so "random" here means mixed case.
  { kind: "huggingface_token", re: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}(?![A-Za-z0-9_])/g, hints: ["hf_"], accept: (s) => /[a-z]/.test(s.slice(3)) && /[A-Z]/.test(s) && entropyOf(s.slice(3)) >= 3.5 && !PLACEHOLDER.test(s) },
  // Uppercase letters and digits only: a git SHA (lowercase hex) never matches; AWS's documented
  // example key ends in EXAMPLE.
  { kind: "aws_access_key", re: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, hints: ["AKIA", "ASIA"], accept: (s) => !s.endsWith("EXAMPLE") && entropyOf(s.slice(4)) >= 2.5 },
  {
    kind: "aws_secret_key",
    re: /(?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    hints: ["ecret", "ECRET"],
    accept: (s) => !/^[0-9a-f]{40}$/i.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && !/EXAMPLE/.test(s) && looksRandom(s),
  },
  {
    kind: "bearer_token",
    re: /authorization["']?\s*[:=]\s*["']?\s*bearer\s+([A-Za-z0-9._~+/-]{16,}=*)/gi,
    group: 1,
    hints: ["uthorization", "UTHORIZATION"],
    accept: (s) => looksRandom(s),
  },
  {
    kind: "email",
    re: EMAIL,
    find: findEmails,
    hints: ["@"],
    accept: isPersonalEmail,
  },
];
