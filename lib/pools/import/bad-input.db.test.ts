import fs from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { db } from "../../db/client";
import { DEFAULT_PARSE_OPTIONS } from "../../traces/format";
import { formatById } from "../../traces/registry";
import { diskFiles } from "../../traces/source";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../../testing/builders";
import { createUpload, getUploadReport, type TUploadReport } from "../uploads";
import { runImport, type TImportLimits } from "./run-import";
import { storeFile } from "./upload-store";

// Bad input of every kind the issue lists: each gets a clear per-file (and per-line) reason in the
// upload report, nothing stops the import, and every valid trajectory beside it is still imported.

const CORPUS = path.resolve("../shared/corpus");
const corpus = (name: string) => fs.readFileSync(path.join(CORPUS, name));
const MIB = 1024 * 1024;

type TInput = Uint8Array | AsyncIterable<Uint8Array>;

async function importFiles(files: Record<string, TInput>, limits?: Partial<TImportLimits>): Promise<TUploadReport & { byName: Record<string, TUploadReport["files"][number]> }> {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  const upload = await createUpload(ws.id, pool.name, setupPrincipal(ws), {});
  for (const [name, data] of Object.entries(files)) await storeFile(upload.id, name, data instanceof Uint8Array ? [data] : data);
  await db().upload.update({ where: { id: upload.id }, data: { status: "processing" } });
  await runImport(upload.id, limits);
  const report = await getUploadReport(ws.id, upload.id);
  expect(report.status).toBe("done");
  return { ...report, byName: Object.fromEntries(report.files.map((f) => [f.name, f])) };
}

const line = (id: string) =>
  JSON.stringify({ schema: "t2s.trajectory.v1", id, instruction: `Fix ${id}`, outcome: "success", steps: [{ role: "user", text: `Fix ${id}` }, { role: "assistant", text: "done" }] });
const jsonl = (...lines: string[]) => strToU8(lines.join("\n") + "\n");
/** A valid file beside the bad ones: its two trajectories must always be imported. */
const GOOD = { "good.jsonl": jsonl(line("good-1"), line("good-2")) };

/** Deterministic pseudo-random bytes (no Math.random in tests). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function expectGoodImported(report: Awaited<ReturnType<typeof importFiles>>) {
  expect(report.byName["good.jsonl"]).toMatchObject({ status: "parsed", format: "studio-jsonl", imported: 2, rejected: 0 });
}

describe("bad input", () => {
  test("truncated JSON: a cut-off JSONL line is rejected with its line; a cut-off JSON document says it looks cut off", async () => {
    const traj = corpus("swe-agent/swe-agent__test-repo-i1.traj");
    const cut = line("c-3").slice(0, 60);
    const report = await importFiles({ ...GOOD, "cut.jsonl": strToU8([line("c-1"), line("c-2"), cut].join("\n")), "cut.traj": traj.subarray(0, Math.floor(traj.length / 2)) });
    expectGoodImported(report);
    expect(report.byName["cut.jsonl"]).toMatchObject({ status: "parsed", imported: 2, rejected: 1 });
    expect(report.byName["cut.jsonl"].issues).toEqual([expect.objectContaining({ file: "cut.jsonl", line: 3, reason: expect.stringMatching(/^line 3 is not JSON: .*(end of JSON input|Unterminated)/) })]);
    const doc = report.byName["cut.traj"];
    expect(doc).toMatchObject({ status: "failed", imported: 0, rejected: 1 });
    expect(doc.issues[0]).toMatchObject({ file: "cut.traj" });
    expect(doc.issues[0].reason).toMatch(/looks like JSON but is not valid JSON: .*\. The file seems to be cut off/);
    expect(report.imported).toBe(4);
  });

  test("invalid UTF-8: the line is rejected with the byte and its position, the other lines are kept", async () => {
    const bad = Buffer.concat([Buffer.from(line("u-2").slice(0, 30)), Buffer.from([0xff, 0xfe]), Buffer.from(line("u-2").slice(30))]);
    const latin1 = Buffer.from(line("caf\u00e9"), "latin1");
    const data = Buffer.concat([Buffer.from(`${line("u-1")}\n`), bad, Buffer.from(`\n${line("u-3")}\n`), latin1, Buffer.from("\n")]);
    const report = await importFiles({ ...GOOD, "utf8.jsonl": data, "latin1.jsonl": Buffer.from([line("d\u00e9j\u00e0"), line("na\u00efve")].join("\n"), "latin1") });
    expectGoodImported(report);
    // Every line fails, so no format can be detected: the reason says why.
    expect(report.byName["latin1.jsonl"]).toMatchObject({ status: "failed", rejected: 1 });
    expect(report.byName["latin1.jsonl"].issues[0].reason).toMatch(/^The file is not UTF-8 text \(Latin-1 or Windows-1252\?\); 2 line\(s\) could not be read, the first: line 1 is not valid UTF-8 text \(byte 0xE9 at position \d+\)/);
    const file = report.byName["utf8.jsonl"];
    expect(file).toMatchObject({ status: "parsed", format: "studio-jsonl", imported: 2, rejected: 2 });
    expect(file.issues.map((i) => i.line)).toEqual([2, 4]);
    expect(file.issues[0].reason).toBe("line 2 is not valid UTF-8 text (byte 0xFF at position 31); the line was skipped. Save the file as UTF-8 and upload it again.");
    expect(file.issues[1].reason).toMatch(/^line 4 is not valid UTF-8 text \(byte 0xE9 at position \d+\)/);
  });

  test("text PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates written as JSON escapes) is cleaned, not fatal to the batch", async () => {
    // Valid JSON, valid UTF-8: the escapes only become NUL or a lone surrogate once parsed.
    const raw = (id: string, text: string) => line(id).replace('"done"', `"${text}"`);
    const lines = [raw("s-1", "half \\ud83d of an emoji"), raw("s-2", "nul\\u0000byte"), raw("s-3", "low \\udc00 only"), line("s-4"), raw("s-5", "paired \\ud83d\\ude00 is fine")];
    const report = await importFiles({ ...GOOD, "escapes.jsonl": jsonl(...lines) });
    expectGoodImported(report);
    expect(report.byName["escapes.jsonl"]).toMatchObject({ status: "parsed", imported: 5, rejected: 0 });
    const rows = await db().trajectory.findMany({ where: { uploadId: report.id }, include: { stepChunks: true }, orderBy: { externalId: "asc" } });
    const texts = Object.fromEntries(rows.map((r) => [r.externalId, (r.stepChunks[0].steps as { text: string }[])[1]?.text]));
    expect(texts).toMatchObject({ "s-1": "half \ufffd of an emoji", "s-2": "nulbyte", "s-3": "low \ufffd only", "s-5": "paired \u{1f600} is fine" });
  });

  test("binary files: random bytes and a PNG are named as such", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(4096, 7)]);
    const report = await importFiles({ ...GOOD, "random.jsonl": noise(256 * 1024, 42), "screenshot.png": png, "utf16.json": Buffer.from(`\ufeff${line("w")}`, "utf16le") });
    expectGoodImported(report);
    expect(report.byName["random.jsonl"]).toMatchObject({ status: "failed", imported: 0, rejected: 1 });
    expect(report.byName["random.jsonl"].issues).toEqual([{ file: "random.jsonl", reason: expect.stringMatching(/^This is a binary file, not an agent trace/) }]);
    expect(report.byName["screenshot.png"].issues[0].reason).toMatch(/^This is a PNG image, not an agent trace/);
    expect(report.byName["utf16.json"].issues[0].reason).toBe("The file is UTF-16 encoded. Save it as UTF-8 and upload it again.");
    expect(report.imported).toBe(2);
  });

  test("empty files: zero bytes and blank lines", async () => {
    const report = await importFiles({ ...GOOD, "empty.jsonl": new Uint8Array(0), "blank.jsonl": strToU8("\n \n\t\n") });
    expectGoodImported(report);
    expect(report.byName["empty.jsonl"]).toMatchObject({ status: "failed", rejected: 1, issues: [{ file: "empty.jsonl", reason: expect.stringMatching(/^The file is empty/) }] });
    expect(report.byName["blank.jsonl"].issues[0].reason).toMatch(/only blank lines/);
  });

  test("a 200 MB single line is skipped with its size and the limit, in bounded memory; the lines around it are imported", async () => {
    const size = 200 * MIB;
    async function* huge(): AsyncGenerator<Uint8Array> {
      yield strToU8(`${line("h-1")}\n{"schema":"t2s.trajectory.v1","id":"h-big","instruction":"`);
      const block = new Uint8Array(MIB).fill(0x61);
      for (let sent = 0; sent < size; sent += MIB) yield block;
      yield strToU8(`","steps":[]}\n${line("h-3")}\n`);
    }
    const before = process.memoryUsage().rss;
    const report = await importFiles({ ...GOOD, "huge.jsonl": huge() });
    expectGoodImported(report);
    const file = report.byName["huge.jsonl"];
    expect(file).toMatchObject({ status: "parsed", format: "studio-jsonl", imported: 2, rejected: 1 });
    expect(file.size).toBeGreaterThan(size);
    expect(file.issues).toEqual([{ file: "huge.jsonl", line: 2, reason: "line 2 is too long (200 MB, limit 64 MB); the line was skipped. Split the record or shorten its largest texts." }]);
    // Not a timing assertion: the line was never held whole (it would take 200+ MB as a buffer and
    // twice that as a string), whatever the garbage collector did meanwhile.
    expect(process.memoryUsage().rss - before).toBeLessThan(size);
  });

  test("a zip bomb is not inflated past the limits; the archive's other entries are imported", async () => {
    const zip = zipSync({ "bomb/zeros.jsonl": new Uint8Array(12 * MIB), "bomb/ok.jsonl": jsonl(line("z-1"), line("z-2")) }, { level: 9 });
    expect(zip.length).toBeLessThan(64 * 1024);
    const report = await importFiles({ ...GOOD, "bomb.zip": zip }, { maxEntryBytes: 4 * MIB, maxTotalBytes: 8 * MIB });
    expectGoodImported(report);
    const archive = report.byName["bomb.zip"];
    expect(archive).toMatchObject({ status: "expanded", rejected: 1 });
    expect(archive.issues).toEqual([{ file: "bomb.zip", record: "bomb/zeros.jsonl", reason: "Skipped: this entry would inflate to 12 MB, more than the limit of 4 MB per file (possible zip bomb)." }]);
    expect(report.byName["bomb/bomb/ok.jsonl"]).toMatchObject({ status: "parsed", imported: 2 });
    expect(report.byName["bomb/bomb/zeros.jsonl"]).toBeUndefined();
    expect(report.imported).toBe(4);
  });

  test("a zip bomb whose headers understate the size is stopped by the bytes actually inflated", async () => {
    const zip = Buffer.from(zipSync({ "zeros.jsonl": new Uint8Array(12 * MIB) }, { level: 9 }));
    // Rewrite the declared sizes in the local header (offset 22) and the central directory (offset 24).
    zip.writeUInt32LE(100, 22);
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(100, central + 24);
    const report = await importFiles({ ...GOOD, "liar.zip": zip }, { maxEntryBytes: 4 * MIB, maxTotalBytes: 8 * MIB });
    expectGoodImported(report);
    expect(report.byName["liar.zip"].issues).toEqual([expect.objectContaining({ record: "zeros.jsonl", reason: "Skipped: this entry inflates to more than the limit of 4 MB per file (possible zip bomb)." })]);
    expect(report.files.map((f) => f.name).sort()).toEqual(["good.jsonl", "liar.zip"]);
  });

  test("zip-slip entries never become files; the safe entries are imported", async () => {
    const zip = zipSync({ "../escape.jsonl": jsonl(line("e-1")), "a/../../up.jsonl": jsonl(line("e-2")), "/etc/abs.jsonl": jsonl(line("e-3")), "safe/in.jsonl": jsonl(line("s-1")) });
    const report = await importFiles({ ...GOOD, "slip.zip": zip });
    expectGoodImported(report);
    const archive = report.byName["slip.zip"];
    expect(archive.issues.map((i) => i.record).sort()).toEqual(["../escape.jsonl", "/etc/abs.jsonl", "a/../../up.jsonl"]);
    for (const i of archive.issues) expect(i.reason).toBe("Skipped: the entry's path points outside the archive.");
    expect(report.files.map((f) => f.name).sort()).toEqual(["good.jsonl", "slip.zip", "slip/safe/in.jsonl"]);
    expect(report.imported).toBe(3);
  });

  test("unknown formats: the reason names what the file is and how to force a format", async () => {
    const report = await importFiles({ ...GOOD, "config.json": strToU8(JSON.stringify({ name: "x", version: 2 })), "table.csv": strToU8("a,b\n1,2\n"), "nested.zip.txt": zipSync({ "x.txt": strToU8("x") }) });
    expectGoodImported(report);
    expect(report.byName["config.json"].issues[0].reason).toMatch(/^Could not tell which trace format this file is: it is JSON with the keys name, version, which matches none of the supported formats\. Supported: .*Studio JSONL.*Force format/);
    expect(report.byName["table.csv"].issues[0].reason).toMatch(/^Could not tell which trace format this file is\. Supported: /);
    expect(report.byName["nested.zip.txt"].issues[0].reason).toMatch(/zip archive whose name does not end in \.zip/);
    expect(report.imported).toBe(2);
  });

  test("a mixed-format zip of real files: each entry gets its own format and every trajectory is imported", async () => {
    const entries: Record<string, string> = {
      "mixed/tau.json": "openai-chat/taubench_gpt-4o-airline_rec0-6.json",
      "mixed/session.jsonl": "claude-code/spotter_short.jsonl",
      "mixed/run.traj": "swe-agent/swe-agent__test-repo-i1.traj",
      "mixed/log.eval": "inspect/log_streaming.eval",
      "mixed/gemini.json": "gemini-cli/harbor-rfc_gemini-cli-trajectory.json",
      "mixed/cassette.yaml": "openai-responses/pydanticai_responses_tool_call.yaml",
      "mixed/smol.jsonl": "smolagents/smolagents_gaia_code_o1_text.jsonl",
    };
    const expected: Record<string, { format: string; count: number }> = {};
    for (const [entry, source] of Object.entries(entries)) {
      const format = formatById(source.split("/")[0])!;
      let count = 0;
      for await (const item of format.parse(diskFiles(CORPUS, [source])[0], DEFAULT_PARSE_OPTIONS)) if (item.kind === "trajectory") count++;
      expect(count, source).toBeGreaterThan(0);
      expected[`bundle/${entry}`] = { format: format.id, count };
    }
    const zip = zipSync({ ...Object.fromEntries(Object.entries(entries).map(([entry, source]) => [entry, corpus(source)])), "mixed/notes.md": strToU8("# just notes\n") });
    const report = await importFiles({ ...GOOD, "bundle.zip": zip });
    expectGoodImported(report);
    expect(report.byName["bundle.zip"]).toMatchObject({ status: "expanded", rejected: 0, note: "8 file(s) extracted" });
    for (const [name, { format, count }] of Object.entries(expected)) expect(report.byName[name], name).toMatchObject({ status: "parsed", format, imported: count, rejected: 0 });
    expect(report.byName["bundle/mixed/notes.md"]).toMatchObject({ status: "failed" });
    expect(report.imported).toBe(2 + Object.values(expected).reduce((n, e) => n + e.count, 0));
  });
});
