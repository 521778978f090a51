"use client";

import { useMutation } from "@tanstack/react-query";
import { FileArchive, FolderUp, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import type { TImportProblem, TImportResult } from "@/lib/registry/import-skill";
import { ApiError } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Dialog } from "../ui/dialog";
import { readDroppedFiles, readPickedFiles, type TPickedFile } from "./read-dropped-files";

/** One .zip or one .md goes as the raw body; anything else is a folder, sent as multipart. */
async function postImport(ws: string, picked: TPickedFile[]): Promise<TImportResult> {
  let body: BodyInit;
  const headers: Record<string, string> = {};
  const only = picked.length === 1 ? picked[0]! : undefined;
  if (only && /\.zip$/i.test(only.path)) {
    body = only.file;
    headers["content-type"] = "application/zip";
  } else if (only && /\.(md|markdown)$/i.test(only.path) && !only.path.includes("/")) {
    body = only.file;
    headers["content-type"] = "text/markdown";
  } else {
    const form = new FormData();
    for (const p of picked) form.append("file", p.file, p.path);
    body = form;
  }
  const res = await fetch(`/api/w/${ws}/skills/import`, { method: "POST", body, headers, credentials: "same-origin" });
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(data?.error?.message ?? `Import failed (${res.status})`, res.status, data?.error?.code ?? "unknown", data?.error?.details);
  return data as TImportResult;
}

export function ImportSkillDialog({ ws, open, onOpenChange }: { ws: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const run = useMutation({
    mutationFn: (picked: TPickedFile[]) => postImport(ws, picked),
    onSuccess: (r) => {
      const notes = [r.warnings.length ? `${r.warnings.length} lint warning${r.warnings.length > 1 ? "s" : ""}` : "", r.binaries.length ? `${r.binaries.length} binary file${r.binaries.length > 1 ? "s" : ""} kept (${r.binaries.map((b) => b.path).join(", ")})` : ""].filter(Boolean);
      toast.success(`Imported ${r.skill.name}@${r.version.version}${r.created ? "" : " as a new version"}.`, { description: notes.join("; ") || undefined });
      onOpenChange(false);
      router.push(`/w/${ws}/skills/${encodeURIComponent(r.skill.name)}`);
    },
  });
  const send = (picked: TPickedFile[]) => {
    if (picked.length && !run.isPending) run.mutate(picked);
  };
  const problems = run.error instanceof ApiError && Array.isArray(run.error.details) ? (run.error.details as TImportProblem[]) : [];
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Import a skill" description="A skill folder (with SKILL.md at its top), a .zip of one, or a single SKILL.md. It is checked against the Agent Skills rules before anything is stored." testId="import-skill-dialog">
      <div
        data-testid="skill-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void readDroppedFiles(e.dataTransfer).then(send);
        }}
        className={cn("flex flex-col items-center rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm", over ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-slate-50")}
      >
        <Upload size={24} className="mb-2 text-slate-400" />
        <p className="text-slate-600">{run.isPending ? "Checking and importing…" : "Drop a skill folder, a .zip or a SKILL.md here"}</p>
        <div className="mt-3 flex gap-2">
          <Button variant="secondary" size="sm" disabled={run.isPending} onClick={() => fileInput.current?.click()} data-testid="skill-import-choose-file">
            <FileArchive size={14} /> Choose .zip or SKILL.md
          </Button>
          <Button variant="secondary" size="sm" disabled={run.isPending} onClick={() => folderInput.current?.click()} data-testid="skill-import-choose-folder">
            <FolderUp size={14} /> Choose a folder
          </Button>
        </div>
        <input ref={fileInput} data-testid="skill-import-file" type="file" accept=".zip,.md,.markdown,application/zip,text/markdown" className="hidden" onChange={(e) => send(readPickedFiles(e.target.files))} />
        <input ref={folderInput} data-testid="skill-import-folder" type="file" multiple className="hidden" {...({ webkitdirectory: "" } as Record<string, string>)} onChange={(e) => send(readPickedFiles(e.target.files))} />
      </div>
      {run.error ? (
        <div role="alert" data-testid="skill-import-errors" className="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">{problems.length ? `Not imported: ${problems.length} problem${problems.length > 1 ? "s" : ""}` : run.error.message}</p>
          {problems.length ? (
            <ul className="mt-2 max-h-60 space-y-1 overflow-auto">
              {problems.map((p, i) => (
                <li key={i} data-testid="skill-import-error" data-path={p.path} className="text-xs">
                  <span className="font-mono font-semibold">{p.path || "upload"}{p.line ? `:${p.line}` : ""}</span> — {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
