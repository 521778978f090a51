import { describe, expect, it } from "vitest";
import { XLSX_SKILL_MD } from "./fixtures/xlsx-skill";
import { findSection, parseHeaderLine, parseSections } from "./sections";

describe("parseSections", () => {
  it("nests by level, ignores headers in fenced code and in the front matter", () => {
    const text = "---\nname: x\n# a yaml comment\n---\n" + XLSX_SKILL_MD.slice(XLSX_SKILL_MD.indexOf("# XLSX"));
    const headers = parseSections(text).map((s) => s.header);
    expect(headers).toEqual(["# XLSX", "## Overview", "## Workflow", "### Verifying", "## Formulas", "## Formatting"]);
    const lines = text.split("\n");
    const workflow = findSection(text, "## Workflow")!;
    expect(lines[workflow.end]).toBe("## Formulas");
    const formulas = findSection(text, "  ## Formulas  ")!;
    expect(lines.slice(formulas.start, formulas.end).join("\n")).toContain("## not a header: still inside the code block");
  });

  it("parseHeaderLine", () => {
    expect(parseHeaderLine("### Verifying ##")).toEqual({ level: 3, title: "Verifying" });
    expect(parseHeaderLine("#!/bin/bash")).toBeNull();
  });
});
