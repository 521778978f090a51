import { describe, expect, it } from "vitest";
import { z } from "zod";
import { extractJson, parseStructured, stripThinking } from "./parse-json";

const ZLesson = z.object({ title: z.string(), steps: z.array(z.number().int()) });

describe("stripThinking", () => {
  it("drops think blocks, a stray closing tag's prefix, and an unclosed block", () => {
    expect(stripThinking("<think>a\nb</think>\n{}")).toBe("{}");
    expect(stripThinking("reasoning without opening tag</think>{}")).toBe("{}");
    expect(stripThinking('{"a":1}<think>never closed')).toBe('{"a":1}');
  });
});

describe("extractJson", () => {
  it("reads plain, fenced, think-prefixed and prose-wrapped JSON", () => {
    expect(extractJson('{"a":1}')).toMatchObject({ ok: true, value: { a: 1 } });
    expect(extractJson('Here:\n```json\n{"a":2}\n```\nDone.')).toMatchObject({ ok: true, value: { a: 2 } });
    expect(extractJson('<think>{"wrong":true}</think>```\n{"a":3}\n```')).toMatchObject({ ok: true, value: { a: 3 } });
    expect(extractJson('Sure, the answer is {"a":{"b":"} tricky {"}} and that is all.')).toMatchObject({ ok: true, value: { a: { b: "} tricky {" } } });
    expect(extractJson('{"a":[1,2,],}')).toMatchObject({ ok: true, value: { a: [1, 2] } });
  });

  it("prefers a json fence over another fence", () => {
    expect(extractJson('```python\nprint({"x": 1})\n```\n```json\n{"a":4}\n```')).toMatchObject({ ok: true, value: { a: 4 } });
  });

  it("says what is wrong when there is no JSON", () => {
    expect(extractJson("")).toEqual({ ok: false, error: expect.stringContaining("empty") });
    expect(extractJson("I cannot do that")).toEqual({ ok: false, error: expect.stringContaining("No JSON object") });
    expect(extractJson('Result: {"a": 1, "b": ')).toEqual({ ok: false, error: expect.stringContaining("JSON.parse") });
  });
});

describe("parseStructured", () => {
  it("validates against the schema and quotes the path of a violation", () => {
    expect(parseStructured('{"title":"t","steps":[1]}', ZLesson)).toMatchObject({ ok: true, value: { title: "t", steps: [1] } });
    const bad = parseStructured('{"title":"t","steps":["one"]}', ZLesson);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/does not match the required schema[\s\S]*steps/);
  });
});
