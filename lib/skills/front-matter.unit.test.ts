import { describe, expect, it } from "vitest";
import { XLSX_SKILL_MD } from "./fixtures/xlsx-skill";
import { parseFrontMatter, serializeFrontMatter, updateFrontMatter } from "./front-matter";

describe("parseFrontMatter", () => {
  it("parses the keys with their lines and keeps the body byte-exact", () => {
    const fm = parseFrontMatter(XLSX_SKILL_MD);
    expect(fm).toMatchObject({ present: true, errors: [], bodyLine: 6, keyLines: { name: 2, description: 3, license: 4 } });
    expect(fm.data).toEqual({ name: "xlsx", description: expect.stringContaining("Create, edit and analyze"), license: "Proprietary. LICENSE.txt has complete terms" });
    expect(`---\n${fm.yaml}---\n${fm.body}`).toBe(XLSX_SKILL_MD);
    expect(fm.body.startsWith("\n# XLSX\n")).toBe(true);
  });

  it("reads nested metadata and allowed-tools", () => {
    const fm = parseFrontMatter("---\nname: a\ndescription: b\nallowed-tools: Bash Read\nmetadata:\n  version: \"1.2\"\n---\nbody");
    expect(fm.data).toEqual({ name: "a", description: "b", "allowed-tools": "Bash Read", metadata: { version: "1.2" } });
    expect(fm.body).toBe("body");
  });

  it("keeps CRLF bodies and whitespace exactly", () => {
    const text = "---\r\nname: a\r\ndescription: b\r\n---\r\n\r\n# A  \r\n";
    const fm = parseFrontMatter(text);
    expect(fm.errors).toEqual([]);
    expect(fm.body).toBe("\r\n# A  \r\n");
  });

  it("accepts a byte-order mark before the opening delimiter", () => {
    expect(parseFrontMatter("\uFEFF---\nname: a\ndescription: b\n---\nx").data).toEqual({ name: "a", description: "b" });
  });

  it("reports errors with file line numbers", () => {
    expect(parseFrontMatter("# No front matter\n").errors).toEqual([{ line: 1, message: expect.stringContaining("must start with YAML front matter") }]);
    expect(parseFrontMatter("---\nname: a\n").errors).toEqual([{ line: 1, message: 'front matter opened with "---" on line 1 is never closed' }]);
    expect(parseFrontMatter("---\nname: a\ndescription: [unclosed\n---\n").errors[0]!.line).toBe(3);
    expect(parseFrontMatter("---\nname: a\ndescription: b\nname: c\n---\n").errors[0]).toMatchObject({ line: 4, message: expect.stringContaining("unique") });
    expect(parseFrontMatter("---\n- a\n- b\n---\n").errors).toEqual([{ line: 2, message: "front matter must be a mapping of keys to values" }]);
  });
});

describe("serializeFrontMatter / updateFrontMatter", () => {
  it("round-trips data and appends the body unchanged", () => {
    const body = "\n# Title\n\n```yaml\n---\nnot: front matter\n```\n";
    const text = serializeFrontMatter({ name: "my-skill", description: "Does: things", metadata: { a: 1 } }, body);
    const fm = parseFrontMatter(text);
    expect(fm.data).toEqual({ name: "my-skill", description: "Does: things", metadata: { a: 1 } });
    expect(fm.body).toBe(body);
  });

  it("updates one key, keeping comments, other keys and the body", () => {
    const text = "---\nname: a # the id\ndescription: old\nlicense: MIT\n---\nBody  \n";
    const next = updateFrontMatter(text, { description: "new", license: undefined });
    expect(next).toBe("---\nname: a # the id\ndescription: new\n---\nBody  \n");
  });
});
