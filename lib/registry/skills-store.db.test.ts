import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { lintSkill } from "../skills/lint";
import { createTestWorkspace, setupPrincipal } from "../testing/builders";
import { expectAppError } from "../testing/expect-error";
import { randomSlug } from "../testing/ids";
import { saveSkillVersion } from "./save-version";
import { hashSkillContent } from "./skill-content";
import { createSkill, findSkill, getSkillDetail, getVersionFiles, lintVersion, listSkills } from "./skills-store";

// Create from scratch, the dist-tag it sets, and the immutability of versions.

const skillMd = (name: string, body: string) => `---\nname: ${name}\ndescription: A test skill.\n---\n\n# Test\n\n${body}\n`;

describe("createSkill", () => {
  it("creates 0.1.0 with a starter SKILL.md that lints clean, and points latest at it", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("new");
    const { version } = await createSkill(ws.id, setupPrincipal(ws), { name, description: "Summarise CSV files for a weekly report." });
    expect(version.version).toBe("0.1.0");
    const { files } = await getVersionFiles(ws.id, name, "latest");
    expect(files.map((f) => f.path)).toEqual(["SKILL.md"]);
    expect(files[0]!.content).toMatch(new RegExp(`^---\\nname: ${name}\\ndescription: Summarise CSV files for a weekly report.\\n---\\n`));
    expect(lintSkill({ "SKILL.md": files[0]!.content }, { skillName: name })).toEqual([]);
    const detail = await getSkillDetail(ws.id, name);
    expect(detail.tags).toEqual([expect.objectContaining({ name: "latest", version: "0.1.0" })]);
    expect(detail.versions[0]).toMatchObject({ version: "0.1.0", origin: "created", lint: { errors: 0, warnings: 0 }, fileCount: 1 });
    const [summary] = (await listSkills(ws.id)).filter((s) => s.name === name);
    expect(summary).toMatchObject({ latestVersion: "0.1.0", versionCount: 1, lint: { errors: 0, warnings: 0 } });
  });

  it("refuses a name that is taken, and reserved names", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("dup");
    await createSkill(ws.id, undefined, { name, description: "First." });
    await expectAppError(createSkill(ws.id, undefined, { name, description: "Second." }), "conflict:skill");
    await expectAppError(createSkill(ws.id, undefined, { name: "import", description: "Reserved." }), "invalid_input:skill_name");
  });
});

describe("saveSkillVersion", () => {
  it("refuses identical content with a pointer to the existing version", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("same");
    await createSkill(ws.id, undefined, { name, description: "Same content twice." });
    const skill = await findSkill(ws.id, name);
    const { files } = await getVersionFiles(ws.id, name, "0.1.0");
    const same = Object.fromEntries(files.map((f) => [f.path, f.content]));
    const err = await expectAppError(saveSkillVersion(skill, undefined, { version: "0.2.0", files: same, changelog: "", origin: { kind: "test" }, lint: [] }), "conflict:identical_content");
    expect(err.details).toEqual({ skill: name, version: "0.1.0" });
    expect(err.message).toContain(`${name}@0.1.0`);
  });

  it("never overwrites a version: the number is refused and the old files stay byte-identical", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("imm");
    await createSkill(ws.id, undefined, { name, description: "Immutable." });
    const skill = await findSkill(ws.id, name);
    const before = await db().skillVersion.findFirstOrThrow({ where: { skillId: skill.id, version: "0.1.0" }, include: { files: true } });
    const changed = { "SKILL.md": skillMd(name, "Changed.") };
    await expectAppError(saveSkillVersion(skill, undefined, { version: "0.1.0", files: changed, changelog: "", origin: { kind: "test" }, lint: [] }), "conflict:version");
    const next = await saveSkillVersion(skill, undefined, { version: "0.2.0", files: changed, changelog: "Second.", origin: { kind: "test" }, lint: [] });
    expect(next.contentHash).toBe(hashSkillContent(changed));
    const after = await db().skillVersion.findFirstOrThrow({ where: { skillId: skill.id, version: "0.1.0" }, include: { files: true } });
    expect(after).toEqual(before);
    expect((await getSkillDetail(ws.id, name)).tags.find((t) => t.name === "latest")?.version).toBe("0.2.0");
    expect((await getVersionFiles(ws.id, name, "0.1.0")).files[0]!.content).toBe(before.files[0]!.content);
  });

  it("lints a stored version by number or tag, and 404s unknown ones", async () => {
    const ws = await createTestWorkspace();
    const name = randomSlug("lint");
    await createSkill(ws.id, undefined, { name, description: "Lint me." });
    const skill = await findSkill(ws.id, name);
    await saveSkillVersion(skill, undefined, { version: "0.2.0", files: { "SKILL.md": skillMd(name, "See below."), "references/orphan.md": "# Orphan\n\nNot linked.\n" }, changelog: "", origin: { kind: "test" }, lint: [] });
    const { version, findings } = await lintVersion(ws.id, name, "latest");
    expect(version).toBe("0.2.0");
    expect(findings).toEqual([expect.objectContaining({ rule: "reference/orphan", severity: "warning", file: "references/orphan.md", line: 1 })]);
    await expectAppError(getVersionFiles(ws.id, name, "9.9.9"), "not_found:version");
    await expectAppError(getVersionFiles(ws.id, randomSlug("nope"), "latest"), "not_found:skill");
  });
});

describe("hashSkillContent", () => {
  it("depends on paths and contents, not on their order", () => {
    expect(hashSkillContent({ a: "1", b: "2" })).toBe(hashSkillContent({ b: "2", a: "1" }));
    expect(hashSkillContent({ a: "1", b: "2" })).not.toBe(hashSkillContent({ a: "2", b: "1" }));
    expect(hashSkillContent({ "a/b": "x" })).not.toBe(hashSkillContent({ a: "b\tx" }));
  });

  it("is the documented rule, fixed across releases: sha256 over sorted `path<TAB>sha256 of the bytes<LF>` lines, binary files alike", () => {
    const sha = (b: string | Uint8Array) => createHash("sha256").update(b).digest("hex");
    const logo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff]);
    const expected = sha(`SKILL.md\t${sha("# Ü\n")}\nassets/logo.png\t${sha(logo)}\nreferences/a.md\t${sha("a")}\n`);
    expect(hashSkillContent({ "references/a.md": "a", "SKILL.md": "# Ü\n" }, { "assets/logo.png": logo })).toBe(expected);
  });
});
