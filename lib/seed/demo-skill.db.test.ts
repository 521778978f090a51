import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { getVersionFiles } from "../registry/skills-store";
import { lintSkill } from "../skills/lint";
import { parseSections } from "../skills/sections";
import { createTestWorkspace } from "../testing/builders";
import { buildDemoSkillFiles, DEMO_SKILL_NAME, DEMO_SKILL_VERSION } from "./demo/spreadsheet-basics";
import { DEMO_SKILL_SEEDED_ACTION, seedDemoSkill } from "./seed-demo-skill";

describe("demo base skill", () => {
  test("lints clean and has several sections and one linked reference", () => {
    const files = buildDemoSkillFiles();
    expect(lintSkill(files, { skillName: DEMO_SKILL_NAME })).toEqual([]);
    expect(parseSections(files["SKILL.md"]!).filter((s) => s.level === 2).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(files)).toEqual(["SKILL.md", "references/cheatsheet.md"]);
  });

  test("is seeded once as 1.0.0 with latest, and not again after a deletion", async () => {
    const ws = await createTestWorkspace();
    expect(await seedDemoSkill(ws.id)).toMatchObject({ seeded: true, version: DEMO_SKILL_VERSION });
    expect(await seedDemoSkill(ws.id)).toEqual({ seeded: false, reason: "exists" });
    const { version, files } = await getVersionFiles(ws.id, DEMO_SKILL_NAME, "latest");
    expect(version).toBe("1.0.0");
    expect(files.map((f) => f.path)).toEqual(["SKILL.md", "references/cheatsheet.md"]);
    expect(await db().auditEvent.count({ where: { workspaceId: ws.id, action: DEMO_SKILL_SEEDED_ACTION } })).toBe(1);
    await db().skill.delete({ where: { workspaceId_name: { workspaceId: ws.id, name: DEMO_SKILL_NAME } } });
    expect(await seedDemoSkill(ws.id)).toEqual({ seeded: false, reason: "seeded_before" });
  });
});
