import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { saveSkillVersion } from "../../registry/save-version";
import { setDeprecation } from "../../registry/tags";
import { createTestApiKey, createTestWorkspace, setupPrincipal, type TTestWorkspace } from "../../testing/builders";
import { randomSlug } from "../../testing/ids";
import { startRouteServer } from "../../testing/route-server";
import { parsePullArgs, runPull } from "./pull";

// The archive round trip: a version saved in the database, pulled over real HTTP by the CLI, lands
// on disk byte for byte as it was published.

let server: Awaited<ReturnType<typeof startRouteServer>>;
let ws: TTestWorkspace;
let key: string;
let tmp: string;

beforeAll(async () => {
  server = await startRouteServer();
  ws = await createTestWorkspace();
  key = (await createTestApiKey({ workspace: ws, role: "viewer" })).key;
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "t2s-pull-"));
});
afterAll(async () => {
  await server.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

function io() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

async function publish(): Promise<{ name: string; files: Record<string, string> }> {
  const name = randomSlug("cli");
  const files = {
    "SKILL.md": `---\nname: ${name}\ndescription: Round-trip skill.\n---\n\n# Round trip\n\nSee [formulas](references/formulas.md).\r\nTrailing spaces   \n`,
    "references/formulas.md": "# Formulas\n\n=SUMIFS(A:A; B:B; \"ü✓\")\n\tTabbed line, no final newline",
    "scripts/check.py": "#!/usr/bin/env python3\nprint('ok')\n",
  };
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name, description: "Round-trip skill." } });
  await saveSkillVersion({ id: skill.id, name, workspaceId: ws.id }, setupPrincipal(ws), { version: "2.3.0", files, changelog: "", origin: { kind: "test" }, lint: [] });
  return { name, files };
}

const args = (spec: string, out: string, extra: string[] = []) => parsePullArgs([spec, "--registry", server.url, "--workspace", ws.slug, "--token", key, "--out", out, ...extra]);

describe("t2s pull", () => {
  it("writes byte-identical files into an installable skill folder", async () => {
    const { name, files } = await publish();
    const out = path.join(tmp, ".claude", "skills", name);
    const c = io();
    expect(await runPull(args(`${name}@2.3.0`, out, ["--json"]), c.io)).toBe(0);
    expect(JSON.parse(c.out.stdout)).toMatchObject({ name, version: "2.3.0", files: 3, deprecated: null });
    const written = (await fs.readdir(out, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.relative(out, path.join(d.parentPath, d.name))).sort();
    expect(written).toEqual(Object.keys(files).sort());
    for (const [rel, content] of Object.entries(files)) expect((await fs.readFile(path.join(out, rel))).equals(Buffer.from(content, "utf8")), rel).toBe(true);
  });

  it("refuses a non-empty folder unless --force, and warns about a deprecated version", async () => {
    const { name } = await publish();
    const out = path.join(tmp, `busy-${name}`);
    await fs.mkdir(out, { recursive: true });
    await fs.writeFile(path.join(out, "keep.txt"), "mine");
    await expect(runPull(args(name, out), io().io)).rejects.toThrow(/not empty; pass --force/);
    expect(await fs.readFile(path.join(out, "keep.txt"), "utf8")).toBe("mine");

    await setDeprecation({ workspace: { ...ws, isPublic: false }, role: "publisher" }, setupPrincipal(ws), name, "2.3.0", "Superseded by 3.0.0.");
    const c = io();
    expect(await runPull(args(`${name}@latest`, out, ["--force"]), c.io)).toBe(0);
    expect(c.out.stderr).toContain(`warning: ${name}@2.3.0 is deprecated: Superseded by 3.0.0.`);
    expect(c.out.stdout).toContain(`Pulled ${name}@2.3.0 (3 files`);
    await expect(fs.access(path.join(out, "keep.txt"))).rejects.toThrow();
  });

  it("says what is wrong without a key, with an unknown version, and with bad arguments", async () => {
    const { name } = await publish();
    await expect(runPull(parsePullArgs([name, "--registry", server.url, "--workspace", ws.slug, "--out", path.join(tmp, "nokey")]), io().io)).rejects.toThrow(/401 from the registry.*--token/);
    await expect(runPull(args(`${name}@9.0.0`, path.join(tmp, "missing")), io().io)).rejects.toThrow(/404 from the registry/);
    expect(() => parsePullArgs([name, "--out", "x"])).toThrow(/--registry/);
    expect(parsePullArgs([`${name}@stable`, "--registry", `${server.url}/api/registry/${ws.slug}`, "--out", "x"])).toMatchObject({ name, ref: "stable", workspace: ws.slug, registry: server.url });
  });
});
