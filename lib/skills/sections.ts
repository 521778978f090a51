// Markdown sections with the official apply semantics (../shared/trace2skill-method.md §1.8): a
// section starts at its header line and ends before the next header of the same or a higher level.
// Lines inside fenced code blocks are never headers (a "# comment" in a bash block is not a section);
// the official code does not make that distinction, and mis-cut sections around code examples.

export type TSection = {
  /** The header line as written, trimmed (e.g. "## Formulas"). */
  header: string;
  /** 1 for "#", 2 for "##", … */
  level: number;
  /** Header title without the #'s. */
  title: string;
  /** 0-based line index of the header. */
  start: number;
  /** 0-based index one past the section's last line (the next same-or-higher header, or the line count). */
  end: number;
};

const HEADER = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(```|~~~)/;

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Level and title of a markdown header line, or null when the line is not one. */
export function parseHeaderLine(line: string): { level: number; title: string } | null {
  const m = HEADER.exec(line);
  return m ? { level: m[1]!.length, title: m[2]! } : null;
}

/**
 * Index of the first line after a leading YAML front matter block (0 when there is none), so a
 * "# comment" in the YAML is never taken for a section header.
 */
export function skipFrontMatter(lines: readonly string[]): number {
  if (lines[0]?.trimEnd() !== "---") return 0;
  for (let i = 1; i < lines.length; i++) if (lines[i]!.trimEnd() === "---") return i + 1;
  return 0;
}

/** Every header of the document with its section bounds, in document order. */
export function parseSections(text: string): TSection[] {
  const lines = splitLines(text);
  const headers: Omit<TSection, "end">[] = [];
  let fence: string | null = null;
  const bodyStart = skipFrontMatter(lines);
  lines.forEach((line, i) => {
    if (i < bodyStart) return;
    const f = FENCE.exec(line);
    if (f) {
      if (fence === null) fence = f[1]!;
      else if (f[1] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    const m = HEADER.exec(line);
    if (m) headers.push({ header: line.trim(), level: m[1]!.length, title: m[2]!, start: i });
  });
  return headers.map((h, k) => {
    const next = headers.slice(k + 1).find((o) => o.level <= h.level);
    return { ...h, end: next ? next.start : lines.length };
  });
}

/** The section whose header line equals `header` once both are trimmed; the first one when repeated. */
export function findSection(text: string, header: string): TSection | undefined {
  const wanted = header.trim();
  return parseSections(text).find((s) => s.header === wanted);
}
