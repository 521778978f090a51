import { iterateSteps } from "./steps";

// Search inside one trajectory: case-insensitive substring over step text, tool name and tool
// arguments. Runs on the server so that a 50 MB trace is searched without shipping it to the browser.

export const MAX_SEARCH_HITS = 5000;

export type TSearchResult = { query: string; matches: number; steps: number[]; truncated: boolean };

function countOccurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

export async function searchSteps(trajectoryId: string, query: string): Promise<TSearchResult> {
  const needle = query.toLowerCase();
  const steps: number[] = [];
  let matches = 0;
  if (!needle) return { query, matches, steps, truncated: false };
  for await (const s of iterateSteps(trajectoryId)) {
    const hay = `${s.text}\n${s.toolName ?? ""}\n${s.toolArgs ? JSON.stringify(s.toolArgs) : ""}`.toLowerCase();
    const n = countOccurrences(hay, needle);
    if (!n) continue;
    matches += n;
    if (steps.length < MAX_SEARCH_HITS) steps.push(s.index);
  }
  return { query, matches, steps, truncated: steps.length >= MAX_SEARCH_HITS };
}
