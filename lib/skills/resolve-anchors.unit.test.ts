import { describe, expect, it } from "vitest";
import { applyEdit } from "./apply";
import { buildEdit } from "./fixtures/edit";
import { buildXlsxSkill, XLSX_SKILL_MD } from "./fixtures/xlsx-skill";
import { listTranslationRequests, resolveAnchors, resolveEditAnchors, resolveHeader } from "./resolve-anchors";

describe("resolveEditAnchors", () => {
  it("exact anchors stay as they are", () => {
    const edit = buildEdit({ op: "insert_after", target_section: "## Workflow", target_text: "2. Make the change.", content: "x" });
    expect(resolveEditAnchors(XLSX_SKILL_MD, edit)).toEqual({ edit, status: "exact", fields: { target_section: "exact", target_text: "exact" } });
  });

  it("headers match ignoring #-count, case and trailing spaces when unambiguous", () => {
    for (const loose of ["## workflow", "### Workflow  ", "Workflow", "##   WORKFLOW ##"]) {
      const r = resolveEditAnchors(XLSX_SKILL_MD, buildEdit({ op: "append_to_section", target_section: loose, content: "x" }));
      expect(r).toMatchObject({ status: "normalized", edit: { target_section: "## Workflow" } });
    }
  });

  it("text anchors match with normalized whitespace and are rewritten to the file's exact text", () => {
    const loose = buildEdit({ op: "replace_in_section", target_section: "## Formulas", old_text: "Always write formulas,\n  never   hard-coded results. ", content: "Always write formulas." });
    const r = resolveEditAnchors(XLSX_SKILL_MD, loose);
    expect(r).toMatchObject({ status: "normalized", fields: { target_section: "exact", old_text: "normalized" } });
    expect(r.edit.old_text).toBe("Always write formulas, never hard-coded results.");
    expect(applyEdit(buildXlsxSkill(), r.edit).outcome.status).toBe("applied");
    expect(applyEdit(buildXlsxSkill(), loose).outcome.status).toBe("skipped");
  });

  it("after_section of add_section is resolved; its target_section is the new header and left alone", () => {
    const r = resolveEditAnchors(XLSX_SKILL_MD, buildEdit({ op: "add_section", target_section: "## Charts", after_section: "formulas", content: "x" }));
    expect(r).toMatchObject({ status: "normalized", edit: { target_section: "## Charts", after_section: "## Formulas" }, fields: { after_section: "normalized" } });
  });

  it("unresolved anchors say why, including text that exists only outside the section", () => {
    const missing = resolveEditAnchors(XLSX_SKILL_MD, buildEdit({ op: "insert_before", target_text: "Use xlsxwriter", content: "x" }));
    expect(missing).toMatchObject({ status: "unresolved", reason: "target_text not found in SKILL.md" });
    const elsewhere = resolveEditAnchors(XLSX_SKILL_MD, buildEdit({ op: "insert_after", target_section: "## Overview", target_text: "2. Make the change.", content: "x" }));
    expect(elsewhere.reason).toBe('target_text not found in section "## Overview" (it occurs elsewhere in the file)');
    expect(resolveEditAnchors(undefined, buildEdit({ op: "append_to_section", file: "references/x.md", target_section: "# X" })).reason).toBe('file "references/x.md" does not exist');
  });

  it("an ambiguous loose header is not guessed, unless one candidate has the same level", () => {
    const text = "# Doc\n\n## Tables\n\n### Examples\n\nt\n\n## Charts\n\n### Examples\n\nc\n\n## examples\n\ne\n";
    expect(resolveHeader(text, "Examples")).toMatchObject({ status: "unresolved", reason: expect.stringContaining('is ambiguous: "### Examples" (line 5), "### Examples" (line 11), "## examples" (line 15)') });
    expect(resolveHeader(text, "## Examples")).toMatchObject({ status: "normalized", section: { header: "## examples", start: 14 } });
  });

  it("CRLF files resolve LF anchors exactly, as APPLY locates them", () => {
    const r = resolveEditAnchors(XLSX_SKILL_MD.replace(/\n/g, "\r\n"), buildEdit({ op: "replace_in_section", target_section: "## Workflow", old_text: "1. Load the workbook with openpyxl.\n2. Make the change.", content: "x" }));
    expect(r.status).toBe("exact");
  });

  it("an anchor the op needs but the edit lacks is unresolved", () => {
    expect(resolveEditAnchors(XLSX_SKILL_MD, buildEdit({ op: "append_to_section", content: "x" }))).toMatchObject({ status: "unresolved", fields: { target_section: "unresolved" }, reason: "append_to_section needs target_section" });
  });

  it("file-level ops need no anchors", () => {
    expect(resolveEditAnchors(undefined, buildEdit({ op: "create", file: "references/new.md", content: "# New" })).status).toBe("exact");
  });
});

describe("listTranslationRequests", () => {
  it("hands the LLM fallback only the unresolved edits, with the current file text", () => {
    const files = buildXlsxSkill();
    const resolved = resolveAnchors(files, [
      buildEdit({ op: "append_to_section", target_section: "## Workflow", content: "a" }),
      buildEdit({ op: "append_to_section", file: "references/formatting.md", target_section: "## Fonts", content: "b" }),
    ]);
    expect(listTranslationRequests(files, resolved)).toEqual([
      { index: 1, file: "references/formatting.md", content: files["references/formatting.md"], edit: resolved[1]!.edit, reason: 'header "## Fonts" not found' },
    ]);
  });
});
