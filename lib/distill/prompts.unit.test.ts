import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { listPrompts, loadPrompt, promptHashes, promptsDir, promptVersions, renderPrompt, renderTemplate } from "./prompts";

describe("prompt templates", () => {
  test("every template is versioned and hashed, for the run record", () => {
    const versions = promptVersions();
    expect(versions).toMatchObject({ "error-analyst": "v1", "success-analyst": "v1", "map-error": "v1", "map-success": "v1", "map-combined": "v1" });
    const hashes = promptHashes();
    expect(Object.keys(hashes).sort()).toEqual(Object.keys(versions).sort());
    for (const h of Object.values(hashes)) expect(h).toMatch(/^[0-9a-f]{64}$/);
    for (const t of listPrompts().filter((p) => p.name in versions && ["error-analyst", "success-analyst", "map-error", "map-success", "map-combined"].includes(p.name))) {
      expect(t.system.length).toBeGreaterThan(200);
      expect(t.user).toMatch(/\{\{/);
    }
  });

  test("placeholders render in one pass; a missing value is an error", () => {
    expect(renderTemplate("a {{x}} b {{ y }}", { x: "{{y}}", y: 2 })).toBe("a {{y}} b 2");
    expect(() => renderTemplate("{{missing}}", {})).toThrow(/no value for \{\{missing\}\}/);
    const messages = renderPrompt(loadPrompt("success-analyst"), { trajectory: "[step 0] user message hi", max_memory: 3 });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(messages[1].content).toContain("[step 0] user message hi");
  });

  test("a pinned version that does not exist is an error; versions can be pinned from another folder", () => {
    expect(() => loadPrompt("error-analyst", { pins: { "error-analyst": "v9" } })).toThrow(/not found/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prompts-"));
    fs.writeFileSync(path.join(dir, "x.v1.md"), "=== system ===\nold\n=== user ===\n{{a}}");
    fs.writeFileSync(path.join(dir, "x.v2.md"), "=== system ===\nnew\n=== user ===\n{{a}}");
    expect(loadPrompt("x", { dir }).system).toBe("new");
    expect(loadPrompt("x", { dir, pins: { x: "v1" } }).system).toBe("old");
    expect(promptVersions({ dir })).toEqual({ x: "v2" });
  });

  test("the folder is found from the project root", () => {
    expect(promptsDir()).toBe(path.join(process.cwd(), "lib", "distill", "prompts"));
  });
});

describe("prompt folder outside the project root", () => {
  test("falls back to the folder beside the module when cwd is elsewhere", () => {
    const cwd = process.cwd();
    try {
      process.chdir(os.tmpdir());
    } catch {
      return; // worker threads cannot chdir; the forks pool can
    }
    try {
      expect(fs.realpathSync(promptsDir())).toBe(fs.realpathSync(path.join(cwd, "lib", "distill", "prompts")));
    } finally {
      process.chdir(cwd);
    }
  });
});
