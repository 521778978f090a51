"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import type { TSkillDetail, TSkillFileView } from "@/lib/registry/skills-store";
import type { TLintFinding } from "@/lib/skills/lint";
import { Badge } from "../ui/badge";
import { Card, PageHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { BinaryFilePanel, rawFileUrl } from "./binary-file-panel";
import { Select } from "../ui/field";
import { FileTree } from "./file-tree";
import { LintPanel } from "./lint-panel";
import { SkillFileEditor, type TRevealRequest } from "./skill-file-editor";
import { ChangelogCard, DistTagsCard } from "./version-panel";

// One version of a skill: file tree, the selected file read-only in Monaco with lint markers, and
// the version's findings, tags and changelog. The version is a server-side query (?version=); the
// file and line are client state mirrored into the URL so a link opens the same place.

export function SkillDetailView({ ws, skill, version, files, findings }: { ws: string; skill: TSkillDetail; version: string; files: TSkillFileView[]; findings: TLintFinding[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const wanted = search.get("file");
  const selected = files.some((f) => f.path === wanted) ? wanted! : (files[0]?.path ?? "SKILL.md");
  const [reveal, setReveal] = useState<TRevealRequest | null>(() => (search.get("line") ? { line: Number(search.get("line")), nonce: 0 } : null));
  const file = files.find((f) => f.path === selected);
  const markers = useMemo(() => findings.filter((f) => f.file === selected).map((f) => ({ line: f.line, severity: f.severity, message: f.message, source: f.rule })), [findings, selected]);

  const writeUrl = (patch: Record<string, string | null>) => {
    const params = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) params.delete(k);
      else params.set(k, v);
    }
    // Next syncs useSearchParams with history.replaceState, without a server round trip.
    window.history.replaceState(null, "", `${pathname}?${params}`);
  };
  const pickFile = (path: string) => {
    setReveal(null);
    writeUrl({ file: path, line: null });
  };
  const revealFinding = (f: TLintFinding) => {
    setReveal({ line: f.line, nonce: Date.now() });
    writeUrl({ file: f.file, line: String(f.line) });
  };
  const pickVersion = (v: string) => router.push(`${pathname}?version=${encodeURIComponent(v)}&file=${encodeURIComponent(selected)}`);
  const latest = skill.tags.find((t) => t.name === "latest")?.version;

  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            <span data-testid="skill-title">{skill.name}</span>
            <Badge tone="blue">{version}</Badge>
            {version === latest ? <Badge tone="green">latest</Badge> : null}
          </span>
        }
        description={skill.description}
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Version
            <Select data-testid="version-picker" className="w-40" value={version} onChange={(e) => pickVersion(e.target.value)}>
              {skill.versions.map((v) => (
                <option key={v.id} value={v.version}>
                  {v.version}
                  {v.version === latest ? " (latest)" : ""}
                </option>
              ))}
            </Select>
          </label>
        }
      />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[13rem_minmax(0,1fr)_22rem]">
        <Card className="self-start">
          <FileTree files={files} selected={selected} findings={findings} onSelect={pickFile} />
        </Card>
        <Card className="flex min-w-0 flex-col overflow-hidden">
          <div className="flex items-center gap-2 border-b border-slate-100 px-4 py-2 text-sm">
            <span data-testid="selected-file" className="truncate font-mono text-slate-800">
              {selected}
            </span>
            {file ? <span className="text-xs text-slate-400">{file.size.toLocaleString()} bytes</span> : null}
            {file && !file.binary ? <CopyButton value={file.content} label="Copy file" /> : null}
          </div>
          <div className="h-[68vh] min-h-96">
            {file?.binary ? <BinaryFilePanel path={file.path} facts={file} href={rawFileUrl(ws, skill.name, version, file.path)} /> : null}
            {file && !file.binary ? <SkillFileEditor path={selected} value={file.content} modelScope={`${skill.name}@${version}`} markers={markers} reveal={reveal} /> : null}
            {file ? null : <p className="p-5 text-sm text-slate-500">This version has no file {selected}.</p>}
          </div>
        </Card>
        <div className="space-y-4">
          <LintPanel findings={findings} onReveal={revealFinding} />
          <DistTagsCard tags={skill.tags} />
          <ChangelogCard versions={skill.versions} current={version} onPick={pickVersion} />
        </div>
      </div>
    </>
  );
}
