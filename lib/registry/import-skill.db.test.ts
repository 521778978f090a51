import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import type { TUploadEntry } from "../skills/skill-folder";
import { createTestWorkspace, setupPrincipal } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { randomSlug } from "../testing/ids";
import { importSkill, type TImportProblem, type TImportSource } from "./import-skill";
import { getVersionFiles } from "./skills-store";

// Import of a folder, a .zip and a single SKILL.md, and every bad archive the import must refuse
// with the path named.

const skillMd = (name: string, extra = "") => `---\nname: ${name}\ndescription: Imported test skill.\n${extra}---\n\n# Imported\n\n## Steps\n\nSee [notes](references/notes.md).\n`;
const notes = "# Notes\n\nDetails.\n";
const folder = (entries: TUploadEntry[]): TImportSource => ({ kind: "folder", entries });
const zip = (files: Record<string, Uint8Array | [Uint8Array, { os?: number; attrs?: number }]>): TImportSource => ({ kind: "zip", bytes: zipSync(files) });

async function newWorkspace() {
  return createTestWorkspace();
}

async function refused(source: TImportSource, code: string): Promise<TImportProblem[]> {
  const ws = await newWorkspace();
  const err = await expectAppError(importSkill(ws.id, setupPrincipal(ws), "curator", source), code);
  return err.details as TImportProblem[];
}

describe("importSkill: what is accepted", () => {
  it("imports a folder as 1.0.0, keeps text and binary files, reports lint warnings", async () => {
    const ws = await newWorkspace();
    const name = randomSlug("folder");
    const result = await importSkill(ws.id, setupPrincipal(ws), "curator", folder([
      { path: `${name}/SKILL.md`, data: skillMd(name) },
      { path: `${name}/references/notes.md`, data: notes },
      { path: `${name}/references/extra.md`, data: "# Extra\n\nUnlinked.\n" },
      { path: `${name}/assets/logo.png`, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) },
    ]));
    expect(result).toMatchObject({ created: true, skill: { name }, version: { version: "1.0.0" }, binaries: [{ path: "assets/logo.png", size: 7 }] });
    expect(result.warnings).toEqual([expect.objectContaining({ rule: "reference/orphan", file: "references/extra.md", line: 1 })]);
    const { files } = await getVersionFiles(ws.id, name, "latest");
    expect(files.map((f) => [f.path, f.binary])).toEqual([["SKILL.md", false], ["assets/logo.png", true], ["references/extra.md", false], ["references/notes.md", false]]);
    const version = await db().skillVersion.findFirstOrThrow({ where: { skill: { workspaceId: ws.id, name } } });
    expect(version.manifest).toMatchObject({ kind: "imported", source: "folder", rootFolder: name, lint: { errors: 0, warnings: 1 } });
    expect(version.changelog).toContain("(4 files, 1 of them binary)");
  });

  it("imports a .zip and keeps the author's semver metadata.version", async () => {
    const ws = await newWorkspace();
    const name = randomSlug("zip");
    const result = await importSkill(ws.id, undefined, "curator", zip({ "SKILL.md": strToU8(skillMd(name, "metadata:\n  version: 2.3.1\n")), "references/notes.md": strToU8(notes), "references/": new Uint8Array() }));
    expect(result.version.version).toBe("2.3.1");
    expect((await getVersionFiles(ws.id, name, "2.3.1")).files.find((f) => f.path === "references/notes.md")?.content).toBe(notes);
  });

  it("imports a single SKILL.md; a non-semver metadata.version becomes 1.0.0", async () => {
    const ws = await newWorkspace();
    const name = randomSlug("single");
    const md = `---\nname: ${name}\ndescription: One file.\nmetadata:\n  version: v2-beta\n---\n\n# One\n\nJust this.\n`;
    const result = await importSkill(ws.id, undefined, "curator", { kind: "skill_md", data: md });
    expect(result.version.version).toBe("1.0.0");
    expect((await getVersionFiles(ws.id, name, "latest")).files).toEqual([expect.objectContaining({ path: "SKILL.md", content: md })]);
  });

  it("refuses identical content again with a pointer; a changed re-import needs a publisher and gets the next minor", async () => {
    const ws = await newWorkspace();
    const name = randomSlug("again");
    const entries = [{ path: "SKILL.md", data: skillMd(name) }, { path: "references/notes.md", data: notes }];
    await importSkill(ws.id, undefined, "curator", folder(entries));
    const same = await expectAppError(importSkill(ws.id, undefined, "publisher", folder([...entries].reverse())), "conflict:identical_content");
    expect(same.details).toEqual({ skill: name, version: "1.0.0" });
    const changed = [entries[0]!, { path: "references/notes.md", data: `${notes}\nMore.\n` }];
    await expectAppError(importSkill(ws.id, undefined, "curator", folder(changed)), "forbidden:publish");
    const next = await importSkill(ws.id, undefined, "publisher", folder(changed));
    expect(next).toMatchObject({ created: false, version: { version: "1.1.0" } });
  });
});

describe("importSkill: what is refused, with the path named", () => {
  const md = (name = randomSlug("bad")) => strToU8(skillMd(name));

  it("zip-slip: an entry that climbs out with ..", async () => {
    const problems = await refused(zip({ "SKILL.md": md(), "references/notes.md": strToU8(notes), "../../etc/evil.md": strToU8("x") }), "invalid_input:skill_folder");
    expect(problems).toEqual([expect.objectContaining({ path: "../../etc/evil.md", code: "unsafe_path", message: expect.stringContaining("..") })]);
  });

  it("an absolute path", async () => {
    const problems = await refused(folder([{ path: "SKILL.md", data: md() }, { path: "/etc/passwd", data: "root" }]), "invalid_input:skill_folder");
    expect(problems).toEqual([expect.objectContaining({ path: "/etc/passwd", code: "unsafe_path", message: expect.stringContaining("absolute") })]);
  });

  it("a symlink entry, read from the zip's external attributes", async () => {
    const link: [Uint8Array, { os: number; attrs: number }] = [strToU8("/etc/passwd"), { os: 3, attrs: (0o120777 << 16) >>> 0 }];
    const problems = await refused(zip({ "SKILL.md": md(), "references/notes.md": strToU8(notes), "references/passwd.md": link }), "invalid_input:skill_folder");
    expect(problems).toEqual([expect.objectContaining({ path: "references/passwd.md", code: "symlink" })]);
  });

  it("an oversized file, before it is inflated", async () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x61);
    const problems = await refused(zip({ "SKILL.md": md(), "references/notes.md": strToU8(notes), "references/big.md": big }), "invalid_input:skill_folder");
    expect(problems).toEqual([expect.objectContaining({ path: "references/big.md", code: "too_large" })]);
  });

  it("a script that is not UTF-8", async () => {
    const problems = await refused(folder([{ path: "SKILL.md", data: md() }, { path: "references/notes.md", data: notes }, { path: "scripts/run.py", data: new Uint8Array([0x70, 0xff, 0xfe, 0x0a]) }]), "invalid_input:skill_folder");
    expect(problems).toEqual([expect.objectContaining({ path: "scripts/run.py", code: "not_utf8" })]);
  });

  it("lint errors, every one listed by file and line; nothing is stored", async () => {
    const ws = await newWorkspace();
    const name = randomSlug("lint");
    const text = `---\nname: ${name}\ndescription: Has <html> in it.\n---\n\n# Broken\n\nSee [gone](references/gone.md).\n\n## Empty\n`;
    const err = await expectAppError(importSkill(ws.id, undefined, "curator", { kind: "skill_md", data: text }), "invalid_input:lint");
    expect(err.details).toEqual([
      expect.objectContaining({ path: "SKILL.md", line: 3, code: "description/angle-brackets" }),
      expect.objectContaining({ path: "SKILL.md", line: 8, code: "link/broken" }),
      expect.objectContaining({ path: "SKILL.md", line: 10, code: "heading/empty" }),
    ]);
    expect(await db().skill.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("not a zip at all", async () => {
    const ws = await newWorkspace();
    await expectAppError(importSkill(ws.id, undefined, "curator", { kind: "zip", bytes: strToU8("PK but not really") }), "invalid_input:zip");
  });
});
