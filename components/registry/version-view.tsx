"use client";

import { AlertTriangle, GitCompare } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import type { TRole } from "@/lib/auth/roles";
import type { TVersionPage } from "@/lib/registry/version-page";
import { BinaryFilePanel, rawFileUrl } from "../skills/binary-file-panel";
import { FileTree } from "../skills/file-tree";
import { SafeMarkdown } from "../traces/safe-markdown";
import { Badge } from "../ui/badge";
import { Card, CardHeader, PageHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { Time } from "../ui/time";
import { ProvenanceEditor } from "./provenance-editor";
import { ProvenancePanel } from "./provenance-panel";
import { PullInstructions } from "./pull-instructions";
import { TagActions } from "./tag-actions";

// A published version: SKILL.md rendered, files with provenance by line, the manifest, the
// changelog, tags and deprecation. Tab, file and line live in the URL so a line can be shared.

const TABS = ["readme", "files", "manifest", "changelog"] as const;
const TAB_LABEL = { readme: "SKILL.md", files: "Files", manifest: "Manifest", changelog: "Changelog" } as const;
type TTab = (typeof TABS)[number];

/** SKILL.md without its YAML front matter (name and description are shown in the header). */
function bodyOf(skillMd: string): string {
  return skillMd.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, "");
}

function linesOf(spans: readonly { start: number; count: number }[] | undefined): number[] {
  return (spans ?? []).flatMap((s) => Array.from({ length: s.count }, (_, i) => s.start + i));
}

export function VersionView({ ws, page, role, baseUrl, isPublic }: { ws: string; page: TVersionPage; role: TRole; baseUrl: string; isPublic: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { skill, version: v, files, provenance } = page;
  const tab: TTab = (TABS as readonly string[]).includes(params.get("tab") ?? "") ? (params.get("tab") as TTab) : "readme";
  const file = files.find((f) => f.path === params.get("file"))?.path ?? files.find((f) => f.path === "SKILL.md")?.path ?? files[0]?.path ?? "";
  const lineParam = Number(params.get("line"));
  const line = Number.isInteger(lineParam) && lineParam > 0 ? lineParam : null;
  const marked = useMemo(() => linesOf(provenance.files[file]), [provenance, file]);
  const setQuery = (next: Record<string, string | null>) => {
    const q = new URLSearchParams(params);
    for (const [k, val] of Object.entries(next)) if (val === null) q.delete(k); else q.set(k, val);
    router.replace(`${pathname}?${q}`, { scroll: false });
  };
  const skillMd = files.find((f) => f.path === "SKILL.md")?.content ?? "";
  const current = files.find((f) => f.path === file);
  const provenanceLines = Object.values(provenance.files).reduce((n, spans) => n + linesOf(spans).length, 0);
  const previous = skill.versions[skill.versions.findIndex((x) => x.version === v.version) + 1]?.version;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {skill.name} <Badge tone="blue">{v.version}</Badge>
            {v.deprecatedMessage ? <Badge tone="amber">deprecated</Badge> : null}
          </span>
        }
        description={skill.description}
        actions={
          previous ? (
            <Link data-testid="diff-link" href={`/w/${ws}/registry/${skill.name}/diff?from=${previous}&to=${v.version}`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
              <GitCompare size={14} /> Diff with {previous}
            </Link>
          ) : null
        }
      />
      {v.deprecatedMessage ? (
        <div data-testid="deprecated-banner" className="mb-4 flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <AlertTriangle size={16} className="mt-0.5 shrink-0" /> <span className="whitespace-pre-wrap">Deprecated: {v.deprecatedMessage}</span>
        </div>
      ) : null}
      {/* The files tab takes the full width: the editor and the drill-down need the room. */}
      <div className={cn("grid gap-4", tab !== "files" && "xl:grid-cols-[minmax(0,1fr)_320px]")}>
        <Card className="min-w-0">
          <div role="tablist" className="flex gap-1 border-b border-slate-200 px-3 pt-2">
            {TABS.map((t) => (
              <button key={t} role="tab" type="button" data-testid={`tab-${t}`} aria-selected={t === tab} onClick={() => setQuery({ tab: t })} className={cn("rounded-t-md px-3 py-1.5 text-sm", t === tab ? "border-b-2 border-brand-600 font-medium text-slate-900" : "text-slate-500 hover:text-slate-800")}>
                {TAB_LABEL[t]}
                {t === "files" && provenanceLines ? <span className="ml-1 text-xs text-indigo-600">· {provenanceLines} traced lines</span> : null}
              </button>
            ))}
          </div>
          {tab === "readme" ? (
            <div data-testid="skill-readme" className="max-w-3xl p-5">
              <SafeMarkdown text={bodyOf(skillMd)} />
            </div>
          ) : null}
          {tab === "files" ? (
            <div className="grid h-[640px] grid-cols-[190px_minmax(0,1fr)_360px] divide-x divide-slate-200">
              <div className="overflow-auto">
                <FileTree files={files} selected={file} findings={[]} onSelect={(p) => setQuery({ file: p, line: null })} />
              </div>
              <div className="min-w-0">
                {current?.binary ? <BinaryFilePanel path={current.path} facts={current} href={rawFileUrl(ws, skill.name, v.version, current.path)} /> : null}
                {current && !current.binary ? <ProvenanceEditor path={current.path} value={current.content} modelScope={`registry/${skill.name}@${v.version}`} markedLines={marked} selectedLine={line} onLineClick={(l) => setQuery({ file, line: String(l) })} /> : null}
              </div>
              <div className="overflow-auto">
                {current?.binary ? <p className="p-4 text-sm text-slate-500">A binary file has no lines to trace: it comes unchanged from the version it was imported with.</p> : <ProvenancePanel ws={ws} name={skill.name} version={v.version} file={file} line={line} />}
              </div>
            </div>
          ) : null}
          {tab === "manifest" ? (
            <pre data-testid="manifest-json" className="max-h-[640px] overflow-auto p-4 font-mono text-xs text-slate-800">
              {JSON.stringify(page.manifest, null, 2)}
            </pre>
          ) : null}
          {tab === "changelog" ? (
            <div data-testid="changelog" className="max-w-3xl p-5">
              {v.changelog.trim() ? <SafeMarkdown text={v.changelog} /> : <p className="text-sm text-slate-500">No changelog for this version.</p>}
            </div>
          ) : null}
        </Card>
        <div className={cn("space-y-4", tab === "files" && "hidden")}>
          <Card>
            <CardHeader title="Pull" />
            <div className="p-4 pt-0">
              <PullInstructions baseUrl={baseUrl} ws={ws} name={skill.name} ref={v.version} isPublic={isPublic} />
            </div>
          </Card>
          <Card>
            <CardHeader title="Tags" description={`${page.downloads} downloads of ${v.version} · published `} />
            <div className="px-4 -mt-2 pb-1 text-xs text-slate-500">
              <Time iso={v.publishedAt} /> {v.publishedBy ? `by ${v.publishedBy}` : ""}
            </div>
            <div className="p-4">
              <TagActions ws={ws} name={skill.name} version={v.version} tags={skill.tags} role={role} deprecatedMessage={v.deprecatedMessage} />
            </div>
          </Card>
          <Card>
            <CardHeader title="Versions" />
            <ul className="max-h-72 overflow-auto px-2 pb-2 text-sm" data-testid="version-list">
              {skill.versions.map((x) => (
                <li key={x.version}>
                  <Link href={`/w/${ws}/registry/${skill.name}/${x.version}`} aria-current={x.version === v.version ? "page" : undefined} className={cn("flex items-center justify-between rounded px-2 py-1 hover:bg-slate-50", x.version === v.version && "bg-slate-100 font-medium")}>
                    <span className="font-mono">{x.version}</span>
                    <span className="text-xs text-slate-500">{x.deprecatedMessage ? "deprecated · " : ""}<Time iso={x.publishedAt} /></span>
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </>
  );
}
