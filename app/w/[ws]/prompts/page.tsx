import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { listPromptCatalog } from "@/lib/review/prompt-catalog";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Prompts" };

// Read-only: templates are files in the repository (lib/distill/prompts), versioned by name, and a
// run records the version and hash it used. Shown as plain text, placeholders and all.
export default async function PromptsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<{ run?: string }> }) {
  const { ws } = await params;
  const { run } = await searchParams;
  const { access } = await requireWorkspace(ws);
  const catalog = await listPromptCatalog(access.workspace.id, run);
  return (
    <>
      <PageHeader
        title="Prompt templates"
        description={
          catalog.run ? (
            <>
              Versions recorded by{" "}
              <Link href={`/w/${ws}/runs/${catalog.run.id}`} className="text-brand-600 hover:underline">
                run {catalog.run.id.slice(-8)}
              </Link>{" "}
              are marked. {Object.keys(catalog.run.versions).length ? "" : "This run recorded no prompt versions."}
            </>
          ) : (
            "The wording the analysts, mapper and merger are given. Read-only: templates change by adding a new version file, so past runs stay explainable."
          )
        }
      />
      <div className="space-y-3" data-testid="prompt-list">
        {catalog.prompts.map((p) => (
          <Card key={p.file} id={`${p.name}-${p.version}`} data-testid="prompt" data-name={p.name} data-version={p.version}>
            <details open={p.usedByRun !== null}>
              <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-5 py-3 text-sm">
                <span className="font-semibold text-slate-900">{p.name}</span>
                <Badge>{p.version}</Badge>
                <span className="font-mono text-xs text-slate-500" title={p.sha256}>
                  sha256 {p.sha256.slice(0, 12)}
                </span>
                <CopyButton value={p.sha256} label="Copy sha256" />
                {p.usedByRun === "same" ? <Badge tone="green">used by this run</Badge> : null}
                {p.usedByRun === "changed" ? (
                  <span title={`The run recorded sha256 ${catalog.run?.sha256[p.name] ?? "?"}: the file changed since, under the same version.`}>
                    <Badge tone="amber">used by this run · file changed since</Badge>
                  </span>
                ) : null}
                <span className="ml-auto font-mono text-xs text-slate-400">{p.file}</span>
              </summary>
              <div className="grid gap-3 border-t border-slate-100 p-4 lg:grid-cols-2">
                {(["system", "user"] as const).map((part) => (
                  <section key={part}>
                    <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{part}</h3>
                    <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-[12px] leading-relaxed text-slate-800" data-testid={`prompt-${part}`}>
                      {p[part]}
                    </pre>
                  </section>
                ))}
              </div>
            </details>
          </Card>
        ))}
      </div>
    </>
  );
}
