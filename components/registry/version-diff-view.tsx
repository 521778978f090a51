"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { TVersionDiff } from "@/lib/registry/version-page";
import { BinaryDiffPanel, rawFileUrl } from "../skills/binary-file-panel";
import { SkillDiffEditor } from "../skills/skill-file-editor";
import { Badge } from "../ui/badge";
import { Card, PageHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { Select } from "../ui/field";

// Two versions side by side, file by file. From, to and the file are in the URL.

const CHANGE_TONE = { added: "green", deleted: "red", modified: "amber", unchanged: "slate" } as const;

export function VersionDiffView({ ws, diff }: { ws: string; diff: TVersionDiff }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const changed = diff.files.filter((f) => f.change !== "unchanged");
  const file = diff.files.find((f) => f.path === params.get("file")) ?? changed[0] ?? diff.files[0];
  const go = (next: Record<string, string>) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) q.set(k, v);
    if (next.from || next.to) q.delete("file");
    router.replace(`${pathname}?${q}`, { scroll: false });
  };
  return (
    <>
      <PageHeader
        title={
          <span>
            <Link href={`/w/${ws}/registry/${diff.name}/${diff.to}`} className="hover:underline">
              {diff.name}
            </Link>{" "}
            <span className="text-slate-400">·</span> diff
          </span>
        }
        description={`${changed.length} of ${diff.files.length} files changed · +${diff.added} −${diff.removed} lines`}
        actions={
          <div className="flex items-center gap-2 text-sm">
            <Select data-testid="diff-from" aria-label="From version" value={diff.from} onChange={(e) => go({ from: e.target.value })}>
              {diff.versions.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </Select>
            <span className="text-slate-400">→</span>
            <Select data-testid="diff-to" aria-label="To version" value={diff.to} onChange={(e) => go({ to: e.target.value })}>
              {diff.versions.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </Select>
          </div>
        }
      />
      <Card className="grid h-[680px] grid-cols-[240px_minmax(0,1fr)] divide-x divide-slate-200">
        <ul className="overflow-auto p-2 text-sm" data-testid="diff-files">
          {diff.files.map((f) => (
            <li key={f.path}>
              <button type="button" data-testid={`diff-file-${f.path}`} aria-current={f.path === file?.path ? "true" : undefined} onClick={() => go({ file: f.path })} className={cn("flex w-full items-center justify-between gap-2 rounded px-2 py-1 text-left hover:bg-slate-50", f.path === file?.path && "bg-slate-100 font-medium")}>
                <span className="truncate font-mono text-xs">{f.path}</span>
                {f.change === "unchanged" ? null : (
                  <Badge tone={CHANGE_TONE[f.change]}>
                    {f.change === "modified" ? (f.binary ? "binary" : `+${f.added} −${f.removed}`) : f.change}
                  </Badge>
                )}
              </button>
            </li>
          ))}
        </ul>
        <div className="min-w-0">
          {diff.from === diff.to ? <p className="p-4 text-sm text-slate-500">Pick two different versions to compare.</p> : null}
          {file?.binary ? <BinaryDiffPanel path={file.path} before={file.binary.before} after={file.binary.after} hrefBefore={rawFileUrl(ws, diff.name, diff.from, file.path)} hrefAfter={rawFileUrl(ws, diff.name, diff.to, file.path)} /> : null}
          {file && !file.binary ? <SkillDiffEditor path={file.path} original={file.before} modified={file.after} modelScope={`diff/${diff.name}/${diff.from}..${diff.to}`} testId="registry-diff-editor" /> : null}
        </div>
      </Card>
    </>
  );
}
