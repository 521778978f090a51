"use client";

import { ChevronDown, ChevronUp, Search } from "lucide-react";
import { forwardRef } from "react";
import type { TOutline } from "@/lib/trajectories/outline";
import { Button } from "../ui/button";
import { Input, Select } from "../ui/field";
import type { TFilterMode, TSearch } from "./use-trace-data";

type Props = {
  outline?: TOutline;
  mode: TFilterMode;
  onMode: (m: TFilterMode) => void;
  query: string;
  onQuery: (q: string) => void;
  onSearch: () => void;
  search?: TSearch;
  searching: boolean;
  matchPos: number;
  onMatch: (delta: 1 | -1) => void;
  onJumpTo: (index: number) => void;
  onNextError: () => void;
};

export const TraceToolbar = forwardRef<HTMLInputElement, Props>(function TraceToolbar(p, searchRef) {
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-3 py-2">
      <form
        className="relative flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (p.search && p.search.query === p.query && p.search.steps.length) p.onMatch(1);
          else p.onSearch();
        }}
      >
        <Search size={14} className="absolute left-2.5 text-slate-400" />
        <Input ref={searchRef} data-testid="trace-search" aria-label="Search in this trace" placeholder="Search this trace ( / )" className="w-64 pl-8" value={p.query} onChange={(e) => p.onQuery(e.target.value)} />
        <Button variant="ghost" size="sm" aria-label="Previous match" disabled={!p.search?.steps.length} onClick={() => p.onMatch(-1)}>
          <ChevronUp size={14} />
        </Button>
        <Button variant="ghost" size="sm" aria-label="Next match" data-testid="search-next" disabled={!p.search?.steps.length} onClick={() => p.onMatch(1)}>
          <ChevronDown size={14} />
        </Button>
        <span className="min-w-32 text-xs text-slate-500" data-testid="search-count" aria-live="polite">
          {p.searching ? "Searching…" : p.search ? (p.search.matches ? `${p.matchPos + 1} / ${p.search.steps.length} steps · ${p.search.matches.toLocaleString()} matches${p.search.truncated ? "+" : ""}` : "No matches") : ""}
        </span>
      </form>
      <Select aria-label="Show steps" data-testid="trace-filter" className="w-48" value={p.mode} onChange={(e) => p.onMode(e.target.value as TFilterMode)}>
        <option value="all">All steps{p.outline ? ` (${p.outline.count.toLocaleString()})` : ""}</option>
        <option value="errors">Errors only{p.outline ? ` (${p.outline.errors.length})` : ""}</option>
        <option value="tools">Tool calls and results</option>
        {p.outline?.toolNames.map((t) => (
          <option key={t} value={`tool:${t}`}>
            Tool: {t}
          </option>
        ))}
      </Select>
      <Button variant="secondary" size="sm" data-testid="next-error" disabled={!p.outline?.errors.length} onClick={p.onNextError}>
        Next error (e)
      </Button>
      <form
        className="ml-auto flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          const v = Number(new FormData(e.currentTarget).get("step"));
          if (Number.isInteger(v)) p.onJumpTo(v);
        }}
      >
        <Input name="step" data-testid="jump-to-step" aria-label="Jump to step" placeholder="Step #" className="w-24" inputMode="numeric" />
        <Button type="submit" variant="secondary" size="sm">
          Go
        </Button>
      </form>
    </div>
  );
});
