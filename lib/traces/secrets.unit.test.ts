import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { maskText, maskTrajectoryForLlm, scanText, scanTrajectory, summarizeFindings } from "./secrets";

// Keys are assembled at run time from a seeded generator, so the repository holds no string that a
// secret scanner (ours or a code host's) would take for a real credential.
function seeded(seed: string) {
  let counter = 0;
  return (alphabet: string, n: number) => {
    let out = "";
    while (out.length < n) for (const byte of createHash("sha256").update(`${seed}:${counter++}`).digest()) if (out.length < n) out += alphabet[byte % alphabet.length];
    return out;
  };
}
const rand = seeded("secrets-test");
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

const KEYS = {
  openai: "sk-" + rand(ALNUM, 48),
  openaiProject: "sk-" + "proj-" + rand(ALNUM + "_-", 80),
  anthropic: "sk-" + "ant-api03-" + rand(ALNUM + "_-", 90),
  awsId: "AKIA" + rand(UPPER_DIGITS, 16),
  awsSession: "ASIA" + rand(UPPER_DIGITS, 16),
  awsSecret: rand(ALNUM + "/+", 40),
  github: "ghp" + "_" + rand(ALNUM, 36),
  githubFine: "github" + "_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59),
  slack: "xoxb" + "-" + rand("0123456789", 12) + "-" + rand("0123456789", 13) + "-" + rand(ALNUM, 24),
  google: "AIza" + rand(ALNUM + "_-", 35),
  stripe: "sk" + "_live_" + rand(ALNUM, 24),
  stripeRestricted: "rk" + "_live_" + rand(ALNUM, 24),
  hf: "hf" + "_" + rand(LETTERS, 34),
  bearer: rand(ALNUM, 40),
  jwt: `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "1234567890", name: "Jane", iat: 1516239022 })}.${rand(ALNUM + "_-", 43)}`,
};
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${Array.from({ length: 6 }, () => rand(ALNUM + "+/", 64)).join("\n")}\n-----END RSA PRIVATE KEY-----`;

const kinds = (text: string) => scanText(text).map((m) => m.kind);
const secretOf = (text: string) => scanText(text).map((m) => text.slice(m.start, m.end));

describe("scanText finds", () => {
  test.each([
    ["openai_key", `export OPENAI_API_KEY=${KEYS.openai}`, KEYS.openai],
    ["openai_key", `client = OpenAI(api_key="${KEYS.openaiProject}")`, KEYS.openaiProject],
    ["anthropic_key", `ANTHROPIC_API_KEY=${KEYS.anthropic}`, KEYS.anthropic],
    ["aws_access_key", `aws_access_key_id = ${KEYS.awsId}`, KEYS.awsId],
    ["aws_access_key", `"AccessKeyId": "${KEYS.awsSession}",`, KEYS.awsSession],
    ["aws_secret_key", `aws_secret_access_key = ${KEYS.awsSecret}`, KEYS.awsSecret],
    ["aws_secret_key", `{"SecretAccessKey": "${KEYS.awsSecret}"}`, KEYS.awsSecret],
    ["github_token", `git clone https://${KEYS.github}@github.com/acme/app.git`, KEYS.github],
    ["github_token", `GH_TOKEN=${KEYS.githubFine}`, KEYS.githubFine],
    ["slack_token", `SLACK_BOT_TOKEN=${KEYS.slack}`, KEYS.slack],
    ["google_api_key", `https://maps.googleapis.com/maps/api/geocode/json?key=${KEYS.google}`, KEYS.google],
    ["stripe_key", `stripe.api_key = '${KEYS.stripe}'`, KEYS.stripe],
    ["stripe_key", `STRIPE_KEY=${KEYS.stripeRestricted}`, KEYS.stripeRestricted],
    ["huggingface_token", `huggingface-cli login --token ${KEYS.hf}`, KEYS.hf],
    ["bearer_token", `curl -H "Authorization: Bearer ${KEYS.bearer}" https://api.acme.io/v1/me`, KEYS.bearer],
    ["bearer_token", `{"headers": {"authorization": "bearer ${KEYS.bearer}"}}`, KEYS.bearer],
    ["jwt", `token=${KEYS.jwt}`, KEYS.jwt],
    ["private_key", `cat ~/.ssh/id_rsa\n${PEM}\n$ `, PEM],
    ["email", "Contact jane.doe+build@acme-corp.co.uk for access.", "jane.doe+build@acme-corp.co.uk"],
  ])("%s in %s", (kind, text, secret) => {
    expect(kinds(text)).toEqual([kind]);
    expect(secretOf(text)).toEqual([secret]);
  });

  test("an unterminated private key block (truncated tool output) is still found", () => {
    const cut = PEM.slice(0, PEM.indexOf("-----END"));
    expect(kinds(`output:\n${cut}`)).toEqual(["private_key"]);
  });

  test("the specific kind wins over the generic header, and several findings come back in order", () => {
    const text = `Authorization: Bearer ${KEYS.openai}\nAuthorization: Bearer ${KEYS.jwt}\nmail ops@acme.io`;
    expect(kinds(text)).toEqual(["openai_key", "jwt", "email"]);
  });
});

describe("scanText leaves alone", () => {
  test.each([
    ["a git commit SHA", "commit 3f9a2c4e8b1d7f6a5c3e2b1a0f9e8d7c6b5a4f3e (HEAD -> main)"],
    ["an uppercase hex digest", "SHA1: 3F9A2C4E8B1D7F6A5C3E2B1A0F9E8D7C6B5A4F3E"],
    ["AWS's documented example key", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"],
    ["a 40-char hex value named like a secret", "secret_access_key = 3f9a2c4e8b1d7f6a5c3e2b1a0f9e8d7c6b5a4f3e"],
    ["placeholder keys", "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx and sk-your-api-key-goes-here-1234"],
    ["hyphenated words after sk-", "we used sk-learn-style-estimators-everywhere"],
    ["words ending in sk", "risk-assessment-for-the-whole-project-2024 and task-1234567890abcdefghij"],
    ["short random words", "sk-abc ghp_short xoxb-12 AIza hf_token AKIA1234"],
    ["a bearer placeholder", 'curl -H "Authorization: Bearer $TOKEN" -H "Authorization: Bearer <your-token>" -H "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE"'],
    ["a header that only names a private key", 'if line.startswith("-----BEGIN RSA PRIVATE KEY-----"):'],
    ["a public key or certificate", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----"],
    ["file names and package versions with @", "icon@2x.png logo@3x.webp react@18.2.0 @types/node@20.1.0 lodash@latest"],
    ["machine and example addresses", "git@github.com:acme/app.git noreply@anthropic.com user@example.com a@b.test"],
    ["hf_ identifiers", "from huggingface_hub import hf_hub_download; hf_transfer_enabled"],
    ["something that is not a JWT", "eyJustSomeWordsHere.eyJmoreWordsHere.notASignatureAtAll"],
  ])("%s", (_, text) => {
    expect(scanText(text)).toEqual([]);
  });
});

describe("masking", () => {
  test("replaces each finding with its kind and keeps the rest", () => {
    const text = `key=${KEYS.openai} mail jane@acme.io, aws_secret_access_key=${KEYS.awsSecret}`;
    expect(maskText(text)).toBe("key=[REDACTED:openai_key] mail [REDACTED:email], aws_secret_access_key=[REDACTED:aws_secret_key]");
    expect(maskText("nothing here")).toBe("nothing here");
  });

  test("scanTrajectory reports step indices (-1 for the instruction) and paths inside toolArgs", () => {
    const t = {
      instruction: "Email the report to bob@acme.io",
      steps: [
        { index: 0, text: "ok" },
        { index: 1, text: "calling", toolArgs: { headers: { Authorization: `Bearer ${KEYS.bearer}` }, cmd: ["env", `GH=${KEYS.github}`] } },
        { index: 2, text: `found ${KEYS.awsId}` },
      ],
    };
    const findings = scanTrajectory(t);
    // The finding never holds the secret itself.
    expect(JSON.stringify(findings)).not.toContain(KEYS.github);
    expect(findings.map((f) => [f.kind, f.stepIndex, f.field, f.path ?? null])).toEqual([
      ["email", -1, "instruction", null],
      ["bearer_token", 1, "toolArgs", "headers.Authorization"],
      ["github_token", 1, "toolArgs", "cmd[1]"],
      ["aws_access_key", 2, "text", null],
    ]);
    expect(summarizeFindings(findings)).toEqual({
      count: 4,
      kinds: ["aws_access_key", "bearer_token", "email", "github_token"],
      counts: { email: 1, bearer_token: 1, github_token: 1, aws_access_key: 1 },
      steps: [-1, 1, 2],
    });
  });

  test("maskTrajectoryForLlm masks instruction, texts and toolArgs strings, and can be switched off", () => {
    const t = {
      instruction: `Use ${KEYS.anthropic}`,
      steps: [{ index: 0, role: "assistant", text: `mail bob@acme.io`, toolName: "http", toolArgs: { url: "https://x.io", n: 3, headers: [`Authorization: Bearer ${KEYS.bearer}`], nested: { deep: KEYS.hf } } }],
      metadata: { keep: true },
    };
    const masked = maskTrajectoryForLlm(t, { mask: true });
    expect(masked.instruction).toBe("Use [REDACTED:anthropic_key]");
    expect(masked.steps[0]).toEqual({ index: 0, role: "assistant", text: "mail [REDACTED:email]", toolName: "http", toolArgs: { url: "https://x.io", n: 3, headers: ["Authorization: Bearer [REDACTED:bearer_token]"], nested: { deep: "[REDACTED:huggingface_token]" } } });
    expect(masked.metadata).toEqual({ keep: true });
    expect(t.instruction).toContain(KEYS.anthropic);
    expect(maskTrajectoryForLlm(t, { mask: false })).toBe(t);
  });

  test("a long text with many findings keeps every one", () => {
    const text = Array.from({ length: 5000 }, (_, i) => `user${i}@acme.io ${"lorem ipsum ".repeat(5)}`).join("\n");
    expect(scanText(text)).toHaveLength(5000);
  });
});

describe("the fast e-mail search", () => {
  test("finds what the e-mail pattern finds", async () => {
    const { SECRET_RULES } = await import("./secret-rules");
    const rule = SECRET_RULES.find((r) => r.kind === "email")!;
    const texts = [
      "a@b.co x.y+z@sub.domain.org, (mail:me@acme.io) a@b@c.com @start end@ 1@2.3 foo@bar.c0m trailing@dot.com.",
      `${"x".repeat(70)}@toolong.com ${"y".repeat(64)}@justright.com -lead@dash.io _u@score.io`,
      "user@host-.com user@-host.com user@ho--st.io müller@acme.de mail@xn--bcher-kva.example.com",
    ];
    for (const text of texts) {
      const viaRegex = [...text.matchAll(rule.re)].map((m) => [m.index, m.index + m[0].length]);
      expect([...rule.find!(text)]).toEqual(viaRegex);
    }
  });
});
