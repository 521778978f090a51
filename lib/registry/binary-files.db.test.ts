import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as getRaw } from "@/app/api/w/[ws]/skills/[name]/versions/[version]/raw/route";
import { verifyArchive } from "../cli/commands/pull";
import { db } from "../db/client";
import { bulkDecide } from "../review/decide";
import { ZItemFilter } from "../review/items";
import { createTestApiKey, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { createTestSkillVersion, driveTestRun, setupDistillPool } from "../testing/driven-run";
import { expectAppError } from "../testing/expect-error";
import { callRoute } from "../testing/http";
import { randomSlug } from "../testing/ids";
import { readSkillArchive } from "./archive";
import { importSkill, type TImportSource } from "./import-skill";
import { publishRun, ZPublish } from "./publish";
import { readPullManifest, resolvePullVersion } from "./pull";
import { getVersionFiles, loadVersionBinaries } from "./skills-store";
import { getVersionDiff } from "./version-page";
import { hashSkillContentBytes } from "./verify-content";

// Binary files of a skill (images, fonts, template workbooks) are stored as bytes, hashed, listed,
// archived, served as downloads and carried into later versions; they are never text to lint,
// diff line by line or hand to an analyst.

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const LOGO = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]);
const FONT = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));

function skillFolder(name: string, logo: Uint8Array): TImportSource {
  const md = `---\nname: ${name}\ndescription: A skill with assets.\n---\n\n# Assets\n\nUse assets/logo.png in headers.\n`;
  return { kind: "folder", entries: [{ path: "SKILL.md", data: md }, { path: "assets/logo.png", data: logo }, { path: "fonts/brand.ttf", data: FONT }] };
}

describe("binary skill files", () => {
  it("are stored byte for byte, listed, hashed like the CLI hashes them, archived and downloadable as an inert attachment", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("assets");
    const result = await importSkill(ws.id, setupPrincipal(ws), "curator", skillFolder(name, LOGO));
    expect(result.binaries).toEqual([
      { path: "assets/logo.png", size: LOGO.length },
      { path: "fonts/brand.ttf", size: FONT.length },
    ]);

    const { files } = await getVersionFiles(ws.id, name, "latest");
    const logo = files.find((f) => f.path === "assets/logo.png");
    expect(logo).toEqual({ path: "assets/logo.png", content: "", sha256: sha256(LOGO), size: LOGO.length, binary: true });
    expect(files.find((f) => f.path === "SKILL.md")?.binary).toBe(false);
    const version = await db().skillVersion.findFirstOrThrow({ where: { id: result.version.id } });
    expect((version.manifest as { files: unknown[] }).files).toContainEqual({ path: "fonts/brand.ttf", sha256: sha256(FONT), size: FONT.length, binary: true });
    expect(Buffer.from((await loadVersionBinaries(version.id))["assets/logo.png"]!)).toEqual(Buffer.from(LOGO));

    // The pull CLI's own check: every file's sha256 and the content hash over the archive's bytes.
    const manifest = await readPullManifest(await resolvePullVersion(ws.id, name, "latest"));
    expect(manifest.files).toEqual([
      { path: "SKILL.md", sha256: expect.any(String), size: expect.any(Number) },
      { path: "assets/logo.png", sha256: sha256(LOGO), size: LOGO.length, binary: true },
      { path: "fonts/brand.ttf", sha256: sha256(FONT), size: FONT.length, binary: true },
    ]);
    const pulled = verifyArchive(manifest, await readSkillArchive(version.id));
    expect(Buffer.from(pulled.get("fonts/brand.ttf")!)).toEqual(Buffer.from(FONT));
    expect(hashSkillContentBytes(pulled)).toBe(result.version.contentHash);

    const viewer = await createTestApiKey({ workspace: ws, role: "viewer" });
    const path = "/api/w/[ws]/skills/[name]/versions/[version]/raw";
    const res = await callRoute(getRaw, { method: "GET", path, params: { ws: ws.slug, name, version: "1.0.0" }, query: { path: "assets/logo.png" }, creds: { apiKey: viewer.key } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''logo.png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(LOGO));
    // Text files are not served here (the files API has them), and a missing path says which.
    const text = await callRoute(getRaw, { method: "GET", path, params: { ws: ws.slug, name, version: "latest" }, query: { path: "SKILL.md" }, creds: { apiKey: viewer.key } });
    expect(text.status).toBe(404);
    // By tag the bytes may change when the tag moves: revalidated, never kept as immutable.
    const byTag = await callRoute(getRaw, { method: "GET", path, params: { ws: ws.slug, name, version: "latest" }, query: { path: "assets/logo.png" }, creds: { apiKey: viewer.key } });
    expect(byTag.headers.get("cache-control")).toBe("private, no-cache");
  });

  it("count in the content: the same bytes again are refused as identical, other bytes make a version whose diff names the file as binary", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("diff");
    await importSkill(ws.id, setupPrincipal(ws), "curator", skillFolder(name, LOGO));
    await expectAppError(importSkill(ws.id, setupPrincipal(ws), "publisher", skillFolder(name, LOGO)), "conflict:identical_content");
    const changed = new Uint8Array([...LOGO, 1]);
    const second = await importSkill(ws.id, setupPrincipal(ws), "publisher", skillFolder(name, changed));
    expect(second.version.version).toBe("1.1.0");

    const diff = await getVersionDiff(ws.id, name, "1.0.0", "1.1.0");
    expect(diff.files.find((f) => f.path === "assets/logo.png")).toMatchObject({
      change: "modified",
      binary: { before: { sha256: sha256(LOGO), size: LOGO.length }, after: { sha256: sha256(changed), size: changed.length } },
    });
    expect(diff.files.find((f) => f.path === "fonts/brand.ttf")).toMatchObject({ change: "unchanged", binary: { before: { sha256: sha256(FONT) } } });
    expect(diff.files.find((f) => f.path === "SKILL.md")).toMatchObject({ change: "unchanged" });
    expect(diff.files.find((f) => f.path === "SKILL.md")?.binary).toBeUndefined();
  });

  it("of the base version go unchanged into a version published from a run, and never reach the run's analysts", async () => {
    const ws = await createTestWorkspace();
    const base = await createTestSkillVersion(ws);
    await db().skillFile.create({ data: { versionId: base.versionId, path: "assets/logo.png", content: "", data: LOGO, sha256: sha256(LOGO), size: LOGO.length } });
    const { pool } = await setupDistillPool(30, ws);
    const runId = await driveTestRun(ws, pool, { minSupport: 2, lowSupport: "hold" });
    const items = await db().proposalItem.findMany({ where: { runId }, select: { file: true } });
    expect(items.some((i) => i.file === "assets/logo.png")).toBe(false);

    const by = setupPrincipal(ws);
    await bulkDecide(ws.id, runId, { filter: ZItemFilter.parse({ minSupport: "2", status: "pending" }), action: "accept" }, by);
    const saved = await publishRun(ws.id, runId, ZPublish.parse({ skipPending: true }), by);
    const row = await db().skillFile.findUniqueOrThrow({ where: { versionId_path: { versionId: saved.id, path: "assets/logo.png" } } });
    expect(Buffer.from(row.data!)).toEqual(Buffer.from(LOGO));
    expect(row).toMatchObject({ content: "", sha256: sha256(LOGO), size: LOGO.length });
  });
});
