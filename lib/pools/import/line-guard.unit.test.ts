import { describe, expect, test } from "vitest";
import { guardLines, LineLog } from "./line-guard";

async function run(chunks: Uint8Array[], maxLineBytes = 1024) {
  const log = new LineLog();
  const out: Buffer[] = [];
  for await (const b of guardLines((async function* () { yield* chunks; })(), log, maxLineBytes)) out.push(b);
  return { text: Buffer.concat(out).toString("utf8"), log };
}

/** The same bytes cut into pieces of `size`, so lines and characters straddle chunk boundaries. */
const pieces = (buf: Buffer, size: number) => Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size));

describe("line guard", () => {
  test("passes valid UTF-8 through unchanged however it is chunked, and drops a leading byte-order mark", async () => {
    const text = "première ligne ✓\n{\"emoji\":\"🙂\"}\r\n\nlast line without newline €";
    for (const size of [1, 2, 3, 7, 1000]) {
      const { text: out, log } = await run(pieces(Buffer.from(`\ufeff${text}`), size));
      expect(out).toBe(text);
      expect(log.count).toBe(0);
    }
  });

  test("blanks a line over the limit but keeps its newline, so later line numbers stay true", async () => {
    const long = "x".repeat(2000);
    const { text, log } = await run(pieces(Buffer.from(`a\n${long}\nb\n${"y".repeat(1024)}\n${long}`), 100));
    expect(text).toBe(`a\n\nb\n${"y".repeat(1024)}\n`);
    expect(log.count).toBe(2);
    expect([...log.reasons.keys()]).toEqual([2, 5]);
    expect(log.reasons.get(2)).toMatch(/^line 2 is too long \(0 MB, limit 0 MB\)/);
  });

  test("blanks a line with invalid UTF-8 and says which byte and where", async () => {
    const bad = Buffer.concat([Buffer.from("ok\nab"), Buffer.from([0xc3, 0x28]), Buffer.from("c\n\xed\xa0\x80 surrogate\nfine", "latin1")]);
    const { text, log } = await run([bad]);
    expect(text).toBe("ok\n\n\nfine");
    expect(log.reasons.get(2)).toMatch(/^line 2 is not valid UTF-8 text \(byte 0xC3 at position 3\)/);
    expect(log.reasons.has(3)).toBe(true);
  });

  test("keeps only the first reasons of a hopeless file but counts every dropped line", async () => {
    const lines = Buffer.from(Array.from({ length: 500 }, () => "\xff").join("\n"), "latin1");
    const { log } = await run([lines]);
    expect(log.count).toBe(500);
    expect(log.reasons.size).toBe(LineLog.MAX_KEPT);
  });
});
