import { describe, expect, it } from "vitest";
import { mayBeUnstorableJson, storableJson, storableText, storableValue } from "./storable-text";

// Text PostgreSQL refuses (NUL, unpaired surrogates) is cleaned; everything else passes untouched.

describe("storable text", () => {
  it("drops NUL and turns each lone surrogate into U+FFFD, keeping paired ones", () => {
    expect(storableText("a\u0000b")).toBe("ab");
    expect(storableText("half \ud83d emoji")).toBe("half \ufffd emoji");
    expect(storableText("low \udc00 only")).toBe("low \ufffd only");
    expect(storableText("whole \ud83d\ude00 emoji")).toBe("whole \u{1f600} emoji");
    const clean = "plain text";
    expect(storableText(clean)).toBe(clean);
  });

  it("spots the escapes that decode to NUL or a surrogate, in either case", () => {
    expect(mayBeUnstorableJson('{"a":"x\\u0000y"}')).toBe(true);
    expect(mayBeUnstorableJson('{"a":"\\ud83d"}')).toBe(true);
    expect(mayBeUnstorableJson('{"a":"\\uDC00"}')).toBe(true);
    expect(mayBeUnstorableJson('{"a":"\\u00e9 \\u0001 \\ud7ff"}')).toBe(false);
    expect(mayBeUnstorableJson(JSON.stringify({ a: "\u{1f600}" }))).toBe(false);
  });

  it("cleans strings and keys at any depth; other values and clean JSON come out as JSON.stringify writes them", () => {
    const dirty = { "k\u0000ey": ["\ud83d", { deep: "x\u0000" }], n: 1, b: true, z: null };
    expect(JSON.parse(storableJson(dirty))).toEqual({ key: ["\ufffd", { deep: "x" }], n: 1, b: true, z: null });
    expect(storableValue(dirty)).toEqual({ key: ["\ufffd", { deep: "x" }], n: 1, b: true, z: null });
    const clean = { a: "é \u{1f600}", list: [1, "two"], at: new Date(0) };
    expect(storableJson(clean)).toBe(JSON.stringify(clean));
    // A literal backslash before "u0000" is a false alarm: the slow path gives the same text.
    expect(storableJson({ a: "C:\\u0000" })).toBe(JSON.stringify({ a: "C:\\u0000" }));
  });
});
