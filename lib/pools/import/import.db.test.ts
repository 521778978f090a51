import fs from "node:fs";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { describe, expect, test } from "vitest";
import { db } from "../../db/client";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../../testing/builders";
import { listTrajectories, ZTrajectoryFilters } from "../trajectory-list";
import { createUpload, getUploadReport } from "../uploads";
import { runImport } from "./run-import";
import { storeFile } from "./upload-store";

const CORPUS = path.resolve("../shared/corpus");
const corpus = (name: string) => fs.readFileSync(path.join(CORPUS, name));

async function importFiles(ws: { id: string }, pool: string, files: Record<string, Uint8Array>, forcedFormat?: string) {
  const upload = await createUpload(ws.id, pool, setupPrincipal(ws), { forcedFormat });
  for (const [name, data] of Object.entries(files)) await storeFile(upload.id, name, [data]);
  await db().upload.update({ where: { id: upload.id }, data: { status: "processing" } });
  await runImport(upload.id);
  return getUploadReport(ws.id, upload.id);
}

const studioLine = (id: string, outcome: string, text: string) =>
  JSON.stringify({ schema: "t2s.trajectory.v1", id, instruction: `Fix ${id}`, outcome, steps: [{ role: "user", text: `Fix ${id}` }, { role: "assistant", kind: "tool_call", tool_name: "bash", tool_args: { command: "ls" }, tool_call_id: "c1" }, { role: "tool", kind: "tool_result", tool_call_id: "c1", text, is_error: text.includes("Error") }] });

describe("pool import", () => {
  test("imports real files of several formats, links continuation files, and dedupes a second upload", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    const files = {
      "tau/taubench_gpt-4o-airline_rec0-6.json": corpus("openai-chat/taubench_gpt-4o-airline_rec0-6.json"),
      "atif/harbor_terminus2_linear-history.trajectory.json": corpus("atif/harbor_terminus2_linear-history.trajectory.json"),
      "atif/harbor_terminus2_linear-history.trajectory.cont-1.json": corpus("atif/harbor_terminus2_linear-history.trajectory.cont-1.json"),
      "cc/spotter_short.jsonl": corpus("claude-code/spotter_short.jsonl"),
    };
    const first = await importFiles(ws, pool.name, files);
    expect(first.status).toBe("done");
    const byName = Object.fromEntries(first.files.map((f) => [f.name, f]));
    expect(byName["tau/taubench_gpt-4o-airline_rec0-6.json"]).toMatchObject({ status: "parsed", format: "openai-chat" });
    expect(byName["tau/taubench_gpt-4o-airline_rec0-6.json"].imported).toBeGreaterThan(1);
    expect(byName["atif/harbor_terminus2_linear-history.trajectory.json"]).toMatchObject({ status: "parsed", format: "atif", imported: 1 });
    // The continuation is read as part of the first segment, not imported on its own.
    expect(byName["atif/harbor_terminus2_linear-history.trajectory.cont-1.json"]).toMatchObject({ status: "skipped" });
    expect(byName["cc/spotter_short.jsonl"]).toMatchObject({ status: "parsed", format: "claude-code", imported: 1 });
    expect(first.imported).toBe(first.files.reduce((n, f) => n + f.imported, 0));

    const stored = await db().pool.findUniqueOrThrow({ where: { id: pool.id } });
    expect(stored.trajectoryCount).toBe(first.imported);
    expect(stored.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const tau = await db().trajectory.findFirstOrThrow({ where: { poolId: pool.id, format: "openai-chat" }, include: { stepChunks: true } });
    expect(tau.sourceFile).toBe("tau/taubench_gpt-4o-airline_rec0-6.json");
    expect(tau.stepChunks.reduce((n, c) => n + c.stepCount, 0)).toBe(tau.stepCount);

    // The same files again: nothing new, and the report says why.
    const second = await importFiles(ws, pool.name, files);
    expect(second.imported).toBe(0);
    expect(second.duplicates).toBe(first.imported);
    expect((await db().pool.findUniqueOrThrow({ where: { id: pool.id } })).contentHash).toBe(stored.contentHash);
  });

  test("keeps the valid records of a file and reports each bad one with its line and field", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    const text = [studioLine("a", "failure", "Error: no such file"), "{not json", studioLine("b", "success", "ok"), JSON.stringify({ schema: "t2s.trajectory.v1", id: "c", instruction: "x", steps: [{ role: "bot" }] })].join("\n");
    const report = await importFiles(ws, pool.name, { "mixed.jsonl": strToU8(text), "notes.txt": strToU8("just some notes, not a trace") });
    const mixed = report.files.find((f) => f.name === "mixed.jsonl")!;
    expect(mixed).toMatchObject({ format: "studio-jsonl", imported: 2, rejected: 2 });
    expect(mixed.issues.map((i) => i.line)).toEqual([2, 4]);
    expect(mixed.issues[1].reason).toMatch(/role/);
    const notes = report.files.find((f) => f.name === "notes.txt")!;
    expect(notes.status).toBe("failed");
    expect(notes.issues[0].reason).toMatch(/Could not tell which trace format/);
  });

  test("expands zip archives, refuses entries that escape the archive, and filters the result", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    const zip = zipSync({
      "run/one.jsonl": strToU8([studioLine("z1", "failure", "Error: timeout"), studioLine("z2", "success", "done")].join("\n")),
      "run/two.jsonl": strToU8(studioLine("z3", "failure", "permission denied")),
      "../evil.jsonl": strToU8(studioLine("evil", "success", "x")),
    });
    const report = await importFiles(ws, pool.name, { "batch.zip": zip });
    const archive = report.files.find((f) => f.name === "batch.zip")!;
    expect(archive.status).toBe("expanded");
    expect(archive.issues.map((i) => i.record)).toEqual(["../evil.jsonl"]);
    expect(report.files.map((f) => f.name).sort()).toEqual(["batch.zip", "batch/run/one.jsonl", "batch/run/two.jsonl"]);
    expect(report.imported).toBe(3);

    const list = (q: Record<string, string>) => listTrajectories(ws.id, pool.name, ZTrajectoryFilters.parse(q));
    expect((await list({ outcome: "failure" })).total).toBe(2);
    expect((await list({ hasErrors: "true" })).rows.map((r) => r.externalId).sort()).toEqual(["z1"]);
    expect((await list({ q: "permission" })).rows.map((r) => r.externalId)).toEqual(["z3"]);
    const page1 = await list({ limit: "2" });
    expect(page1.rows).toHaveLength(2);
    const page2 = await list({ limit: "2", after: page1.nextCursor! });
    expect(page2.rows).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.rows, ...page2.rows].map((r) => r.id)).size).toBe(3);
  });
});
