"use client";

import { AlertTriangle, Copy, Link2 } from "lucide-react";
import { memo, useState } from "react";
import { toast } from "sonner";
import type { TPageStep } from "@/lib/trajectories/steps";
import { apiFetch } from "@/lib/queries/api";
import { cn } from "../ui/cn";
import { Highlight } from "./highlight";
import { SafeMarkdown } from "./safe-markdown";

const HEAD_LINES = 20;
const TAIL_LINES = 8;
const KIND_LABEL = { message: "message", thought: "thought", tool_call: "tool call", tool_result: "tool result", error: "error" } as const;
const ROLE_TONE = { system: "bg-slate-100 text-slate-700", user: "bg-sky-50 text-sky-800", assistant: "bg-violet-50 text-violet-800", tool: "bg-amber-50 text-amber-800" } as const;

function collapse(text: string): { head: string; tail: string; hidden: number } | undefined {
  const lines = text.split("\n");
  if (lines.length <= HEAD_LINES + TAIL_LINES + 4 && text.length <= 6000) return undefined;
  if (lines.length > HEAD_LINES + TAIL_LINES + 4) return { head: lines.slice(0, HEAD_LINES).join("\n"), tail: lines.slice(-TAIL_LINES).join("\n"), hidden: lines.length - HEAD_LINES - TAIL_LINES };
  return { head: text.slice(0, 3000), tail: text.slice(-1500), hidden: 0 };
}

type Props = {
  ws: string;
  trajectoryId: string;
  step: TPageStep;
  query?: string;
  active: boolean;
  marked: boolean;
  pairedIndex?: number;
  onJump: (index: number) => void;
};

export const StepRow = memo(function StepRow({ ws, trajectoryId, step, query, active, marked, pairedIndex, onJump }: Props) {
  const [full, setFull] = useState<string>();
  const [expanded, setExpanded] = useState(false);
  const text = full ?? step.text;
  const folded = expanded ? undefined : collapse(text);
  const isError = step.isError || step.kind === "error";
  const showAll = async () => {
    if (step.truncated && full === undefined) {
      try {
        const res = await apiFetch<{ step: TPageStep }>(`/api/w/${ws}/trajectories/${trajectoryId}/steps/${step.index}`);
        setFull(res.step.text);
      } catch (e) {
        toast.error(e instanceof Error ? e.message : "Could not load the full step.");
        return;
      }
    }
    setExpanded(true);
  };
  const body = (t: string) =>
    query || step.kind !== "message" || step.role === "tool" || t.length > 20_000 ? (
      <pre className="whitespace-pre-wrap break-words font-mono text-[12.5px] leading-relaxed text-slate-800">
        <Highlight text={t} query={query} />
      </pre>
    ) : (
      <SafeMarkdown text={t} />
    );
  return (
    <article
      id={`step-${step.index}`}
      data-testid="step"
      data-index={step.index}
      data-error={isError || undefined}
      data-active={active || undefined}
      data-marked={marked || undefined}
      className={cn("border-l-4 bg-white px-4 py-3", isError ? "border-red-500 bg-red-50/40" : step.kind === "tool_call" ? "border-amber-400" : step.kind === "thought" ? "border-violet-300" : "border-slate-200", active && "ring-2 ring-inset ring-brand-500", marked && "bg-yellow-50")}
    >
      <header className="mb-1.5 flex flex-wrap items-center gap-2 text-xs">
        <a href={`#step-${step.index}`} className="font-mono text-slate-400 hover:text-brand-600" title="Link to this step" onClick={(e) => { e.preventDefault(); onJump(step.index); }}>
          #{step.index}
        </a>
        <span className={cn("rounded px-1.5 py-0.5 font-medium", ROLE_TONE[step.role])}>{step.role}</span>
        <span className="text-slate-500">{KIND_LABEL[step.kind]}</span>
        {step.toolName ? <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700">{step.toolName}</span> : null}
        {isError ? (
          <span className="inline-flex items-center gap-1 font-medium text-red-700">
            <AlertTriangle size={12} /> error
          </span>
        ) : null}
        {pairedIndex !== undefined ? (
          <button type="button" className="inline-flex items-center gap-1 text-brand-600 hover:underline" onClick={() => onJump(pairedIndex)} data-testid="paired-link">
            <Link2 size={12} /> {step.kind === "tool_call" ? `result #${pairedIndex}` : `call #${pairedIndex}`}
          </button>
        ) : null}
        {step.timestamp ? <time className="text-slate-400" dateTime={step.timestamp}>{step.timestamp.replace("T", " ").slice(0, 19)}</time> : null}
        {step.tokens ? <span className="text-slate-400">{step.tokens.input}→{step.tokens.output} tok</span> : null}
        <button
          type="button"
          className="ml-auto text-slate-400 hover:text-slate-700"
          aria-label={`Copy step ${step.index}`}
          title="Copy step as JSON"
          onClick={() => navigator.clipboard.writeText(JSON.stringify({ ...step, text }, null, 2)).then(() => toast.success(`Copied step ${step.index}.`), () => toast.error("The browser refused clipboard access."))}
        >
          <Copy size={13} />
        </button>
      </header>
      {step.toolArgs && Object.keys(step.toolArgs).length ? (
        <pre className="mb-1.5 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[12px] text-slate-700" data-testid="tool-args">
          <Highlight text={JSON.stringify(step.toolArgs, null, 2)} query={query} />
        </pre>
      ) : null}
      {text ? (
        folded ? (
          <div>
            {body(folded.head)}
            <button type="button" data-testid="show-all" className="my-1 w-full rounded border border-dashed border-slate-300 py-1 text-xs text-slate-500 hover:bg-slate-50" onClick={showAll}>
              {folded.hidden ? `… ${folded.hidden.toLocaleString()} more lines — show all` : "… show all"}
            </button>
            {body(folded.tail)}
          </div>
        ) : (
          <>
            {body(text)}
            {step.truncated && full === undefined ? (
              <button type="button" data-testid="show-all" className="mt-1 text-xs text-brand-600 hover:underline" onClick={showAll}>
                Show the full {step.textLength.toLocaleString()} characters
              </button>
            ) : null}
          </>
        )
      ) : null}
    </article>
  );
});
