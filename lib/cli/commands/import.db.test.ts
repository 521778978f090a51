import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { db } from "../../db/client";
import { createTestWorkspace } from "../../testing/builders";
import { randomId } from "../../testing/ids";
import { CliUsageError } from "./command";
import { importCommand, ZImportResult } from "./import";

const CORPUS = path.resolve("../shared/corpus");

function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "t2s-cli-import-"));
}

async function runCli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await importCommand.run(importCommand.parse(argv), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const studio = (id: string) => JSON.stringify({ schema: "t2s.trajectory.v1", id, instruction: `task ${id}`, outcome: "success", steps: [{ role: "user", text: `task ${id}` }] });

describe("t2s import", () => {
  test("imports files, a directory and reports bad files and records with --json; a second run finds only duplicates", async () => {
    const ws = await createTestWorkspace();
    const pool = randomId("cli");
    const tmp = scratchDir();
    const bad = path.join(tmp, "notes.txt");
    fs.writeFileSync(bad, "plain notes, not a trace\n");
    const mixed = path.join(tmp, "mixed.jsonl");
    fs.writeFileSync(mixed, [studio("a"), "{oops", studio("b")].join("\n"));
    const args = [path.join(CORPUS, "openai-chat/taubench_gpt-4o-airline_rec0-6.json"), path.join(CORPUS, "atif"), path.join(CORPUS, "claude-code/spotter_short.jsonl"), mixed, bad, path.join(tmp, "missing.json")];

    const first = await runCli([...args, "--pool", pool, "--workspace", ws.slug, "--json"]);
    expect(first.code).toBe(0);
    const result = ZImportResult.parse(JSON.parse(first.stdout));
    const stored = await db().pool.findUniqueOrThrow({ where: { workspaceId_name: { workspaceId: ws.id, name: pool } } });
    expect(result.poolId).toBe(stored.id);
    expect(result.formats).toMatchObject({ "openai-chat": expect.any(Number), atif: 4, "claude-code": 1, "studio-jsonl": 2 });
    expect(result.imported).toBe(Object.values(result.formats).reduce((a, b) => a + b, 0));
    expect(stored.trajectoryCount).toBe(result.imported);
    expect(result.duplicates).toBe(0);
    // One bad line and one file of no known format.
    expect(result.rejected).toBe(2);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { file: mixed, record: 2, message: expect.stringMatching(/not JSON/) },
        { file: bad, record: null, message: expect.stringMatching(/Could not tell which trace format/) },
        { file: path.join(tmp, "missing.json"), record: null, message: "No such file or directory." },
      ]),
    );
    expect(result.errors).toHaveLength(3);

    const again = await runCli([...args, "--pool", pool, "--workspace", ws.slug, "--json"]);
    expect(again.code).toBe(0);
    expect(ZImportResult.parse(JSON.parse(again.stdout))).toMatchObject({ poolId: stored.id, imported: 0, duplicates: result.imported });

    const human = await runCli([mixed, "--pool", pool, "--workspace", ws.slug]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/mixed\.jsonl: studio-jsonl — 0 imported, 2 duplicate\(s\), 1 rejected/);
    expect(human.stdout).toMatch(/line 2: /);
    expect(human.stdout).toMatch(/Nothing new/);
  });

  test("exits non-zero only when nothing could be imported, and creates the pool on the way", async () => {
    const ws = await createTestWorkspace();
    const pool = randomId("cli");
    const tmp = scratchDir();
    fs.writeFileSync(path.join(tmp, "garbage.bin"), Buffer.from([0, 159, 146, 150, 255, 0, 1]));
    const failed = await runCli([tmp, path.join(tmp, "nope.jsonl"), "--pool", pool, "--workspace", ws.slug, "--json"]);
    expect(failed.code).toBe(1);
    const result = ZImportResult.parse(JSON.parse(failed.stdout));
    expect(result).toMatchObject({ imported: 0, duplicates: 0, formats: {} });
    expect(result.errors.map((e) => e.file)).toEqual(expect.arrayContaining([path.join(tmp, "garbage.bin"), path.join(tmp, "nope.jsonl")]));
    expect(await db().pool.count({ where: { workspaceId: ws.id, name: pool } })).toBe(1);

    // A forced format applies to every file.
    fs.writeFileSync(path.join(tmp, "one.jsonl"), studio("forced"));
    const forced = await runCli([path.join(tmp, "one.jsonl"), "--pool", pool, "--workspace", ws.slug, "--format", "studio-jsonl", "--json"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ imported: 1, formats: { "studio-jsonl": 1 } });
  });

  test("rejects bad arguments before touching the database", () => {
    expect(() => importCommand.parse(["a.jsonl"])).toThrow(CliUsageError);
    expect(() => importCommand.parse(["--pool", "p"])).toThrow(/at least one file/);
    expect(() => importCommand.parse(["a.jsonl", "--pool", "bad name!"])).toThrow(/--pool/);
    expect(() => importCommand.parse(["a.jsonl", "--pool", "p", "--format", "nope"])).toThrow(/unknown format "nope"/);
    expect(() => importCommand.parse(["a.jsonl", "--pool", "p", "--colour"])).toThrow(CliUsageError);
    expect(importCommand.parse(["a.jsonl", "dir", "-p", "p", "-w", "ws", "--json"])).toEqual({ paths: ["a.jsonl", "dir"], pool: "p", workspace: "ws", format: undefined, json: true });
  });
});
