import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply";
import { diffFile, diffSkill } from "./diff";
import { buildEdit } from "./fixtures/edit";
import { buildXlsxSkill } from "./fixtures/xlsx-skill";

describe("diffFile", () => {
  it("gives a git-style unified diff and line stats", () => {
    const d = diffFile("SKILL.md", "a\nb\nc\n", "a\nB\nc\nd\n");
    expect(d).toMatchObject({ change: "modified", added: 2, removed: 1 });
    expect(d.patch).toBe("--- a/SKILL.md\n+++ b/SKILL.md\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n");
  });

  it("added, deleted and unchanged files", () => {
    expect(diffFile("references/x.md", undefined, "# X\n")).toMatchObject({ change: "added", added: 1, removed: 0, patch: "--- /dev/null\n+++ b/references/x.md\n@@ -0,0 +1,1 @@\n+# X\n" });
    expect(diffFile("references/x.md", "# X\n", undefined)).toMatchObject({ change: "deleted", added: 0, removed: 1 });
    expect(diffFile("SKILL.md", "same", "same")).toEqual({ path: "SKILL.md", change: "unchanged", patch: "", added: 0, removed: 0, hunks: [] });
  });

  it("marks a missing final newline", () => {
    expect(diffFile("SKILL.md", "a\n", "a").patch).toContain("\\ No newline at end of file");
    expect(diffFile("SKILL.md", "a\n", "a")).toMatchObject({ added: 1, removed: 1 });
  });
});

describe("diffSkill", () => {
  it("diffs a whole skill, SKILL.md first, and sums the stats", () => {
    const base = buildXlsxSkill();
    const { files } = applyEdits(base, [
      buildEdit({ op: "create", file: "references/charts.md", content: "# Charts\n\nBar charts.\n" }),
      buildEdit({ op: "append_to_section", target_section: "## Formatting", content: "Charts: see references/charts.md." }),
    ]);
    const d = diffSkill(base, files);
    expect(d.files.map((f) => [f.path, f.change])).toEqual([
      ["SKILL.md", "modified"],
      ["LICENSE.txt", "unchanged"],
      ["recalc.py", "unchanged"],
      ["references/charts.md", "added"],
      ["references/formatting.md", "unchanged"],
    ]);
    expect(d).toMatchObject({ added: 5, removed: 0, changedFiles: 2 });
    expect(d.patch).toContain("+++ b/SKILL.md\n@@ -35,3 +35,5 @@\n ## Formatting\n \n See [formatting](references/formatting.md) before styling cells.\n+\n+Charts: see references/charts.md.\n");
    expect(d.patch.indexOf("b/SKILL.md")).toBeLessThan(d.patch.indexOf("b/references/charts.md"));
  });
});
