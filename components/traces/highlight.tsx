import type { ReactNode } from "react";

/** Text with every case-insensitive occurrence of `query` wrapped in <mark>. Plain text only: never HTML. */
export function Highlight({ text, query }: { text: string; query?: string }): ReactNode {
  if (!query) return text;
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) out.push(text.slice(at, i));
    out.push(
      <mark key={i} className="rounded-sm bg-yellow-200 text-inherit" data-testid="search-hit">
        {text.slice(i, i + needle.length)}
      </mark>,
    );
    at = i + needle.length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
