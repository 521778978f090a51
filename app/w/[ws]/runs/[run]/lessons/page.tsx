import type { Metadata } from "next";
import Link from "next/link";
import { LessonsScreen } from "@/components/lessons/lessons-screen";
import { Badge } from "@/components/ui/badge";
import { hasRole } from "@/lib/auth/roles";
import { requireRunHeader } from "@/lib/review/lesson-views";
import { requireWorkspace } from "../../../context";

export const metadata: Metadata = { title: "Lessons" };

export default async function RunLessonsPage({ params }: { params: Promise<{ ws: string; run: string }> }) {
  const { ws, run } = await params;
  const { access } = await requireWorkspace(ws);
  const header = await requireRunHeader(access.workspace.id, run);
  return (
    <div className="flex h-[calc(100vh-3.5rem)] flex-col">
      <div className="mb-3 flex flex-wrap items-baseline gap-2 text-sm">
        <Link href={`/w/${ws}/runs/${run}`} className="text-brand-600 hover:underline">
          Run {run.slice(-8)}
        </Link>
        <span className="text-slate-400">/</span>
        <h1 className="font-semibold text-slate-900">Lessons</h1>
        <span className="text-slate-500">
          {header.pool} → {header.skill ?? "new skill"}
        </span>
        {header.analystKind === "rule-based" ? (
          <span title="No LLM was configured for this run: the built-in rule-based analyst derived these lessons from tool errors, recoveries and tool sequences.">
            <Badge tone="violet">rule-based analyst</Badge>
          </span>
        ) : null}
        <Link href={`/w/${ws}/runs/${run}/calls`} className="ml-auto text-brand-600 hover:underline" data-testid="calls-link">
          LLM calls &amp; prompts
        </Link>
      </div>
      <LessonsScreen ws={ws} run={run} canCurate={hasRole(access.role, "curator")} ruleBased={header.analystKind === "rule-based"} />
    </div>
  );
}
