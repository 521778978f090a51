"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { membersQuery } from "@/lib/queries/workspace";
import { Button } from "../ui/button";
import { Input, Select } from "../ui/field";
import { BulkDialog } from "./bulk-dialog";

// Every filter lives in the URL; bulk actions act on exactly the items these filters match (the
// count the person sees is sent as `expected`, so a list that changed meanwhile is refused).

export function FilterBar({ ws, run, filter, matching, onChange, canCurate }: { ws: string; run: string; filter: Record<string, string>; matching: number | null; onChange: (patch: Record<string, string | null>) => void; canCurate: boolean }) {
  const members = useQuery(membersQuery(ws));
  const [q, setQ] = useState(filter.q ?? "");
  const [bulk, setBulk] = useState<"accept" | "reject" | null>(null);
  const toggle = (key: string) => (e: React.ChangeEvent<HTMLInputElement>) => onChange({ [key]: e.target.checked ? "true" : null });
  return (
    <div className="space-y-2 border-b border-slate-200 p-3" data-testid="review-filters">
      <div className="flex gap-2">
        <Select aria-label="Status" data-testid="filter-status" value={filter.status ?? ""} onChange={(e) => onChange({ status: e.target.value || null })} className="h-8 text-xs">
          <option value="">All statuses</option>
          <option value="pending">Pending</option>
          <option value="accepted,edited">Accepted or edited</option>
          <option value="accepted">Accepted</option>
          <option value="edited">Edited</option>
          <option value="rejected">Rejected</option>
        </Select>
        <Input aria-label="Minimum support" data-testid="filter-min-support" type="number" min={0} placeholder="support ≥" value={filter.minSupport ?? ""} onChange={(e) => onChange({ minSupport: e.target.value || null })} className="h-8 w-24 text-xs" />
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: q.trim() || null });
        }}
      >
        <Input aria-label="Search items" data-testid="filter-q" placeholder="Search text, then Enter" value={q} onChange={(e) => setQ(e.target.value)} className="h-8 text-xs" />
      </form>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="filter-low-support" checked={filter.lowSupport === "true"} onChange={toggle("lowSupport")} /> low support
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="filter-conflict" checked={filter.conflict === "true"} onChange={toggle("conflict")} /> conflicts
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" data-testid="filter-flagged" checked={filter.flagged === "true"} onChange={toggle("flagged")} /> flagged
        </label>
        <Select aria-label="Assignee" data-testid="filter-assignee" value={filter.assignee ?? ""} onChange={(e) => onChange({ assignee: e.target.value || null })} className="h-7 w-auto py-0 text-xs">
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          {members.data?.members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name || m.email}
            </option>
          ))}
        </Select>
      </div>
      {canCurate ? (
        <div className="flex items-center gap-2 text-xs">
          <span className="text-slate-500" data-testid="filter-count">
            {matching === null ? "…" : `${matching} match`}
          </span>
          <Button size="sm" variant="secondary" className="h-7 text-xs" data-testid="bulk-accept" disabled={!matching} onClick={() => setBulk("accept")}>
            Accept all {matching ?? ""}
          </Button>
          <Button size="sm" variant="secondary" className="h-7 text-xs" data-testid="bulk-reject" disabled={!matching} onClick={() => setBulk("reject")}>
            Reject all {matching ?? ""}
          </Button>
        </div>
      ) : null}
      {bulk && matching !== null ? <BulkDialog ws={ws} run={run} action={bulk} filter={filter} expected={matching} onClose={() => setBulk(null)} /> : null}
    </div>
  );
}
