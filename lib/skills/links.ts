// Links from skill markdown to reference files. The official code recognises a reference by this
// pattern anywhere in the text (markdown link, backticks or prose), and so do we: an agent reading
// "see references/charts.md" will try to open it whatever the markup.

const REFERENCE_PATH = /(?:\.\/)?(references\/[\w.-]+\.md)/g;

export type TReferenceLink = { path: string; /** 1-based */ line: number };

/** Every reference path mentioned in `text`, in order, with its line. */
export function findReferenceLinks(text: string): TReferenceLink[] {
  const links: TReferenceLink[] = [];
  text.split("\n").forEach((line, i) => {
    for (const m of line.matchAll(REFERENCE_PATH)) links.push({ path: m[1]!, line: i + 1 });
  });
  return links;
}

/** The distinct reference paths mentioned in `text`. */
export function listReferencePaths(text: string): Set<string> {
  return new Set(findReferenceLinks(text).map((l) => l.path));
}

export function isReferencePath(path: string): boolean {
  return /^references\/[\w.-]+\.md$/.test(path);
}
