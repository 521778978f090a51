import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { skillCommand } from "./skill-apply";

function io() {
  const out: string[] = [];
  return { out, io: { stdout: (t: string) => void out.push(t), stderr: () => undefined } };
}

describe("t2s skill apply", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "t2s-apply-"));
  const skill = path.join(tmp, "xlsx");
  fs.mkdirSync(path.join(skill, "scripts"), { recursive: true });
  fs.writeFileSync(path.join(skill, "SKILL.md"), "---\nname: xlsx\ndescription: S.\n---\n\n# XLSX\n\n## Pitfalls\n\n- One.\n");
  fs.writeFileSync(path.join(skill, "scripts", "blob.bin"), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
  const patch = path.join(tmp, "patch.json");
  fs.writeFileSync(patch, JSON.stringify({ reasoning: "r", edits: [{ file: "SKILL.md", op: "append_to_section", target_section: "## Pitfalls", content: "- Two." }, { file: "SKILL.md", op: "insert_after", target_text: "nope", content: "x" }], changelog_entries: [] }));

  it("writes the patched folder to --out, copies other files byte for byte, never touches the input, and reports per edit", async () => {
    const out = path.join(tmp, "out");
    const { out: lines, io: cli } = io();
    const code = await skillCommand.run(skillCommand.parse(["apply", skill, patch, "--out", out, "--json"]), cli);
    expect(code).toBe(0);
    const report = JSON.parse(lines.join(""));
    expect(report).toMatchObject({ applied: 1, skipped: 1, conflicts: 0 });
    expect(report.edits[1].reason).toMatch(/not found/i);
    expect(fs.readFileSync(path.join(out, "SKILL.md"), "utf8")).toContain("- One.\n\n- Two.");
    expect([...fs.readFileSync(path.join(out, "scripts", "blob.bin"))]).toEqual([0xff, 0xfe, 0x00, 0x01]);
    expect(fs.readFileSync(path.join(skill, "SKILL.md"), "utf8")).not.toContain("Two");
    // A second run into the same non-empty folder needs --force.
    await expect(skillCommand.run(skillCommand.parse(["apply", skill, patch, "--out", out]), cli)).rejects.toThrow(/not empty/);
  });

  it("reads a .zip of the folder", async () => {
    const zip = path.join(tmp, "xlsx.zip");
    fs.writeFileSync(zip, zipSync({ "xlsx/SKILL.md": strToU8(fs.readFileSync(path.join(skill, "SKILL.md"), "utf8")) }));
    const out = path.join(tmp, "out-zip");
    const { io: cli } = io();
    expect(await skillCommand.run(skillCommand.parse(["apply", zip, patch, "--out", out]), cli)).toBe(0);
    expect(fs.readFileSync(path.join(out, "SKILL.md"), "utf8")).toContain("- Two.");
  });

  it("needs --out and two inputs", () => {
    expect(() => skillCommand.parse(["apply", skill, patch])).toThrow(/--out/);
    expect(() => skillCommand.parse(["apply", skill])).toThrow(/patch.json/);
  });
});
