import type { Metadata } from "next";
import Link from "next/link";
import { LlmCallsView } from "@/components/lessons/llm-calls-view";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/card";
import { requireRunHeader } from "@/lib/review/lesson-views";
import { requireWorkspace } from "../../../context";

export const metadata: Metadata = { title: "LLM calls" };

export default async function RunCallsPage({ params }: { params: Promise<{ ws: string; run: string }> }) {
  const { ws, run } = await params;
  const { access } = await requireWorkspace(ws);
  const header = await requireRunHeader(access.workspace.id, run);
  const prompts = Object.entries(header.promptVersions);
  return (
    <>
      <PageHeader
        title="LLM calls"
        description={
          <>
            Every call{" "}
            <Link href={`/w/${ws}/runs/${run}`} className="text-brand-600 hover:underline">
              run {run.slice(-8)}
            </Link>{" "}
            made ({header.pool} → {header.skill ?? "new skill"}), with its prompt and response.{" "}
            <Link href={`/w/${ws}/runs/${run}/lessons`} className="text-brand-600 hover:underline">
              Lessons
            </Link>
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-2 text-sm" data-testid="run-prompt-versions">
        <span className="text-slate-500">Prompt versions used:</span>
        {prompts.length ? (
          prompts.map(([name, version]) => (
            <Link key={name} href={`/w/${ws}/prompts?run=${run}#${name}-${version}`} className="hover:underline">
              <Badge>
                {name} {version} · {(header.promptHashes[name] ?? "").slice(0, 8)}
              </Badge>
            </Link>
          ))
        ) : (
          <span className="text-slate-500">none recorded</span>
        )}
        <Link href={`/w/${ws}/prompts?run=${run}`} className="text-brand-600 hover:underline" data-testid="prompts-link">
          View the templates
        </Link>
        {header.analystKind === "rule-based" ? (
          <span className="ml-auto" title="No LLM was configured: the built-in rule-based analyst and mapper ran, so this run made no LLM calls.">
            <Badge tone="violet">rule-based run</Badge>
          </span>
        ) : null}
      </div>
      <LlmCallsView ws={ws} run={run} ruleBased={header.analystKind === "rule-based"} />
    </>
  );
}
