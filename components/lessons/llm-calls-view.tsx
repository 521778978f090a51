"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Cpu } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { Fragment, useMemo, useState } from "react";
import { runCallQuery, runCallsQuery, type TCallFilters } from "@/lib/queries/lessons";
import type { TCallSummary } from "@/lib/review/llm-calls";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Input, Select } from "../ui/field";
import { Skeleton, TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

// A run's LLM calls: filters in the URL, one row per call, expanded to its messages and response.
// Prompts and responses are untrusted text: always <pre>, never markup.

const KEYS = ["role", "stepKey", "error"] as const;

function CallDetail({ ws, run, id }: { ws: string; run: string; id: string }) {
  const q = useQuery(runCallQuery(ws, run, id));
  if (q.isPending) return <Skeleton className="h-32 w-full" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div className="space-y-2" data-testid="call-detail">
      {q.data.messages.map((m, i) => (
        <section key={i}>
          <h4 className="mb-0.5 text-xs font-semibold uppercase tracking-wide text-slate-500">{m.role}</h4>
          <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-[12px] text-slate-800">{m.content}</pre>
        </section>
      ))}
      <section>
        <h4 className="mb-0.5 text-xs font-semibold uppercase tracking-wide text-slate-500">response</h4>
        <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-emerald-50/50 p-2 font-mono text-[12px] text-slate-800" data-testid="call-response">
          {q.data.response ?? "(no response)"}
        </pre>
      </section>
    </div>
  );
}

function CallRow({ ws, run, c }: { ws: string; run: string; c: TCallSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <Tr data-testid="call-row" data-call-id={c.id} className="cursor-pointer" onClick={() => setOpen((o) => !o)}>
        <Td>
          <button type="button" aria-expanded={open} aria-label={open ? "Collapse call" : "Expand call"} className="text-slate-400">
            {open ? <ChevronDown size={14} /> : <ChevronRight size={14} />}
          </button>
        </Td>
        <Td>
          <Badge tone="blue">{c.role}</Badge>
        </Td>
        <Td className="font-mono text-xs">{c.model}</Td>
        <Td className="max-w-[18rem] truncate font-mono text-xs" title={c.stepKey ?? ""}>
          {c.stepKey ?? "—"}
        </Td>
        <Td className="text-right tabular-nums">
          {c.tokensIn.toLocaleString()} → {c.tokensOut.toLocaleString()}
        </Td>
        <Td className="text-right tabular-nums">${c.costUsd.toFixed(4)}</Td>
        <Td className="text-right tabular-nums">{(c.latencyMs / 1000).toFixed(1)} s</Td>
        <Td className="text-right tabular-nums">{c.attempt}</Td>
        <Td className="max-w-[16rem] truncate text-xs text-red-700" title={c.error ?? ""}>
          {c.error ?? ""}
        </Td>
        <Td>
          <Time iso={c.createdAt} />
        </Td>
      </Tr>
      {open ? (
        <tr>
          <td colSpan={10} className="border-b border-slate-100 bg-white px-4 py-3">
            <CallDetail ws={ws} run={run} id={c.id} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

export function LlmCallsView({ ws, run, ruleBased }: { ws: string; run: string; ruleBased: boolean }) {
  const sp = useSearchParams();
  const filters = useMemo(() => Object.fromEntries(KEYS.map((k) => [k, sp.get(k) ?? undefined]).filter(([, v]) => v)) as TCallFilters, [sp]);
  const [stepKey, setStepKey] = useState(filters.stepKey ?? "");
  const q = useInfiniteQuery(runCallsQuery(ws, run, filters));
  const calls = q.data?.pages.flatMap((p) => p.calls) ?? [];
  const roles = q.data?.pages[0]?.roles ?? [];
  const setFilter = (key: keyof TCallFilters, value: string) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    window.history.replaceState(null, "", `?${next}`);
  };
  return (
    <Card>
      <form
        className="flex flex-wrap items-center gap-2 border-b border-slate-100 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter("stepKey", stepKey.trim());
        }}
      >
        <Select aria-label="Role" className="h-8 w-40 text-xs" value={filters.role ?? ""} onChange={(e) => setFilter("role", e.target.value)} data-testid="calls-filter-role">
          <option value="">All roles</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        <Select aria-label="Errors" className="h-8 w-40 text-xs" value={filters.error ?? ""} onChange={(e) => setFilter("error", e.target.value)} data-testid="calls-filter-error">
          <option value="">With and without errors</option>
          <option value="only">Errors only</option>
          <option value="none">Without errors</option>
        </Select>
        <Input aria-label="Step key starts with" placeholder="Step key starts with… (analysis:, map:, merge:)" className="h-8 w-80 text-xs" value={stepKey} onChange={(e) => setStepKey(e.target.value)} data-testid="calls-filter-step" />
        <Button size="sm" variant="secondary" type="submit">
          Filter
        </Button>
      </form>
      {q.isPending ? (
        <TableSkeleton rows={6} />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : calls.length === 0 ? (
        <div className="p-4">
          <EmptyState testId="calls-empty" icon={<Cpu size={28} />} title={Object.keys(filters).length ? "No call matches these filters" : "No LLM calls"}>
            {Object.keys(filters).length
              ? "Clear a filter to see more calls."
              : ruleBased
                ? "This run used the built-in rule-based analyst and mapper, which call no LLM. Configure an LLM connection in Settings for LLM analysts."
                : "Calls appear here as the run's analysts, mappers and mergers make them."}
          </EmptyState>
        </div>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th className="w-6" />
              <Th>Role</Th>
              <Th>Model</Th>
              <Th>Step key</Th>
              <Th className="text-right">Tokens in → out</Th>
              <Th className="text-right">Cost</Th>
              <Th className="text-right">Latency</Th>
              <Th className="text-right">Attempt</Th>
              <Th>Error</Th>
              <Th>At</Th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <CallRow key={c.id} ws={ws} run={run} c={c} />
            ))}
          </tbody>
        </Table>
      )}
      {q.hasNextPage ? (
        <div className="p-3">
          <Button size="sm" variant="secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? "Loading…" : "Load more calls"}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
