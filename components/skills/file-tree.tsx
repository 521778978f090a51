"use client";

import { File, FileText, Folder } from "lucide-react";
import type { TSkillFileView } from "@/lib/registry/skills-store";
import type { TLintFinding } from "@/lib/skills/lint";
import { cn } from "../ui/cn";

type TFolderGroup = { folder: string; files: TSkillFileView[] };

/** Root files first, then one group per folder (skills are shallow: references/, scripts/, assets/). */
function groupByFolder(files: readonly TSkillFileView[]): TFolderGroup[] {
  const groups = new Map<string, TSkillFileView[]>();
  for (const f of files) {
    const folder = f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/")) : "";
    groups.set(folder, [...(groups.get(folder) ?? []), f]);
  }
  return [...groups.entries()].map(([folder, list]) => ({ folder, files: list })).sort((a, b) => (a.folder === "" ? -1 : b.folder === "" ? 1 : a.folder.localeCompare(b.folder)));
}

export function FileTree({ files, selected, findings, onSelect }: { files: readonly TSkillFileView[]; selected: string; findings: readonly TLintFinding[]; onSelect: (path: string) => void }) {
  return (
    <nav aria-label="Files" data-testid="file-tree" className="space-y-3 p-2 text-sm">
      {groupByFolder(files).map((g) => (
        <div key={g.folder || "(root)"}>
          {g.folder ? (
            <div className="flex items-center gap-1.5 px-2 py-1 text-xs font-medium text-slate-500">
              <Folder size={13} /> {g.folder}/
            </div>
          ) : null}
          <ul>
            {g.files.map((f) => {
              const errors = findings.filter((x) => x.file === f.path && x.severity === "error").length;
              const warnings = findings.filter((x) => x.file === f.path && x.severity === "warning").length;
              return (
                <li key={f.path}>
                  <button
                    type="button"
                    data-testid={`file-${f.path}`}
                    aria-current={f.path === selected ? "true" : undefined}
                    onClick={() => onSelect(f.path)}
                    className={cn("flex w-full items-center gap-1.5 rounded px-2 py-1 text-left", g.folder ? "pl-5" : "", f.path === selected ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100")}
                  >
                    {f.binary ? <File size={13} aria-label="binary file" className="shrink-0 text-slate-400" /> : <FileText size={13} className="shrink-0 text-slate-400" />}
                    <span className="truncate">{f.path.split("/").pop()}</span>
                    <span className="ml-auto flex gap-1 text-[10px] tabular-nums">
                      {errors ? <span className="rounded bg-red-100 px-1 text-red-700">{errors}</span> : null}
                      {warnings ? <span className="rounded bg-amber-100 px-1 text-amber-800">{warnings}</span> : null}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
