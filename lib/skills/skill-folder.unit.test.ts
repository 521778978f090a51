import { describe, expect, it } from "vitest";
import { buildXlsxSkill } from "./fixtures/xlsx-skill";
import { SKILL_FOLDER_LIMITS, validateSingleSkillMd, validateSkillFolder, type TSkillFolderLimits, type TUploadEntry } from "./skill-folder";

const sample = (prefix = ""): TUploadEntry[] => Object.entries(buildXlsxSkill()).map(([path, data]) => ({ path: prefix + path, data }));
const errorsOf = (entries: TUploadEntry[], limits: TSkillFolderLimits = SKILL_FOLDER_LIMITS) => {
  const r = validateSkillFolder(entries, limits);
  if (r.ok) throw new Error("expected errors");
  return r.errors.map((e) => [e.code, e.path]);
};

describe("validateSkillFolder", () => {
  it("accepts a skill at the root, as text files plus binaries", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const r = validateSkillFolder([...sample(), { path: "assets/logo.png", data: png }, { path: "assets/", data: "", isDirectory: true }, { path: "references/", data: "" }]);
    expect(r.ok && r.folder.rootFolder).toBe("");
    expect(r.ok && Object.keys(r.folder.files).sort()).toEqual(["LICENSE.txt", "SKILL.md", "recalc.py", "references/formatting.md"]);
    expect(r.ok && r.folder.binaries["assets/logo.png"]).toEqual(png);
  });

  it("strips exactly one top-level folder and ignores macOS junk", () => {
    const r = validateSkillFolder([...sample("xlsx/"), { path: "__MACOSX/xlsx/._SKILL.md", data: "junk" }, { path: "xlsx/.DS_Store", data: new Uint8Array([0]) }]);
    expect(r.ok && r.folder.rootFolder).toBe("xlsx");
    expect(r.ok && r.folder.files["SKILL.md"]).toBe(buildXlsxSkill()["SKILL.md"]);
  });

  it("needs SKILL.md at the root or in a single top-level folder", () => {
    expect(errorsOf([...sample("a/"), { path: "b/notes.md", data: "x" }])).toEqual([["no_skill_md", "SKILL.md"]]);
    expect(errorsOf(sample("a/b/"))).toEqual([["no_skill_md", "SKILL.md"]]);
    const lower = validateSkillFolder([{ path: "skill.md", data: "x" }]);
    expect(!lower.ok && lower.errors[0]!.message).toContain("found skill.md; it must be named SKILL.md");
  });

  it("rejects path traversal, zip-slip and absolute or backslash paths, naming the path", () => {
    const bad = ["../evil.md", "xlsx/../../etc/passwd", "/etc/passwd", "C:/Windows/x.md", "references\\..\\..\\x.md", "~/x.md", "a//b.md", "a/./b.md", "nul\0.md", "tab\tname.md"];
    const codes = errorsOf([...sample(), ...bad.map((path) => ({ path, data: "x" }))]);
    expect(codes).toEqual(bad.map((p) => ["unsafe_path", p]));
    const r = validateSkillFolder([...sample(), { path: "../evil.md", data: "x" }]);
    expect(!r.ok && r.errors[0]!.message).toBe('"../evil.md": ".." would leave the skill folder');
  });

  it("rejects symlinks whatever they point to", () => {
    expect(errorsOf([...sample(), { path: "references/link.md", data: "../../../etc/passwd", isSymlink: true }])).toEqual([["symlink", "references/link.md"]]);
  });

  it("enforces per-file, total and file-count limits", () => {
    const limits = { ...SKILL_FOLDER_LIMITS, maxFileBytes: 1000, maxTotalBytes: 3000, maxFiles: 6 };
    expect(errorsOf([...sample(), { path: "references/big.md", data: "x".repeat(1001) }], limits)).toEqual([["too_large", "references/big.md"]]);
    const many = Array.from({ length: 3 }, (_, i) => ({ path: `references/r${i}.md`, data: "x".repeat(900) }));
    expect(errorsOf([...sample(), ...many], limits)).toEqual([["too_many_files", ""], ["too_large", ""]]);
    expect(SKILL_FOLDER_LIMITS).toEqual({ maxFiles: 200, maxFileBytes: 1048576, maxTotalBytes: 10485760, maxPathLength: 255, maxDepth: 8 });
  });

  it("text files must be UTF-8; case-only duplicates are refused", () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    expect(errorsOf([...sample(), { path: "references/cafe.md", data: latin1 }])).toEqual([["not_utf8", "references/cafe.md"]]);
    expect(errorsOf([...sample(), { path: "references/Formatting.md", data: "x" }])).toEqual([["duplicate_path", "references/Formatting.md"]]);
  });

  it("a single SKILL.md upload", () => {
    const r = validateSingleSkillMd(new TextEncoder().encode("---\nname: a\ndescription: b\n---\n"));
    expect(r.ok && r.folder.files).toEqual({ "SKILL.md": "---\nname: a\ndescription: b\n---\n" });
  });
});
