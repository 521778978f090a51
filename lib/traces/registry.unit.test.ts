import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildProbe } from "./probe";
import { detectFormat, FORMATS } from "./registry";
import { diskFiles } from "./source";

// Every real sample must be detected as its own format by the ordered registry (first match wins),
// which catches a detector that also claims another harness's files.
const CORPUS = path.resolve("../shared/corpus");
const EXPECTED: Record<string, string> = {
  "anthropic-messages": "anthropic-messages",
  atif: "atif",
  "claude-code": "claude-code",
  "gemini-cli": "gemini-cli",
  inspect: "inspect",
  langsmith: "langsmith",
  "mini-swe-agent": "mini-swe-agent",
  "openai-chat": "openai-chat",
  "openai-responses": "openai-responses",
  openhands: "openhands",
  "otel-genai": "otel-genai",
  smolagents: "smolagents",
  "swe-agent": "swe-agent",
};

const names = Object.keys(EXPECTED).flatMap((dir) => fs.readdirSync(path.join(CORPUS, dir)).map((f) => `${dir}/${f}`));

describe("format registry", () => {
  test("format ids are unique", () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(FORMATS.length);
  });

  test.each(names)("detects %s", async (name) => {
    const [file] = diskFiles(CORPUS, [name]);
    const format = detectFormat(await buildProbe(file));
    expect(format?.id).toBe(EXPECTED[name.split("/")[0]]);
  });

  test("claims nothing for text that is no trace", async () => {
    const [file] = diskFiles(path.resolve("."), ["README.md"]);
    expect(detectFormat(await buildProbe(file))).toBeUndefined();
  });
});
