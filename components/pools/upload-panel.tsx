"use client";

import { useQuery } from "@tanstack/react-query";
import { FolderUp, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { Select } from "../ui/field";

type TItem = { name: string; file: File; loaded: number; state: "queued" | "uploading" | "done" | "error"; error?: string };
const PARALLEL = 3;

/** PUTs one file with XHR (fetch has no upload progress) and reports bytes sent. */
function putFile(url: string, file: File, onProgress: (loaded: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else {
        let message = `Upload failed (${xhr.status})`;
        try {
          message = JSON.parse(xhr.responseText).error.message ?? message;
        } catch {
          // keep the status message
        }
        reject(new Error(message));
      }
    };
    xhr.onerror = () => reject(new Error("Network error while uploading."));
    xhr.send(file);
  });
}

function fmtBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} B`;
}

export function UploadPanel({ ws, pool, canUpload }: { ws: string; pool: string; canUpload: boolean }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<TItem[]>([]);
  const [forced, setForced] = useState("");
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const formats = useQuery({ queryKey: ["formats", ws], queryFn: () => apiFetch<{ formats: { id: string; label: string }[] }>(`/api/w/${ws}/formats`) });

  const update = (i: number, patch: Partial<TItem>) => setItems((all) => all.map((it, j) => (j === i ? { ...it, ...patch } : it)));

  const start = async (files: File[]) => {
    if (!files.length || busy) return;
    const list: TItem[] = files.map((f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, file: f, loaded: 0, state: "queued" }));
    setItems(list);
    setBusy(true);
    try {
      const { upload } = await apiFetch<{ upload: { id: string } }>(`/api/w/${ws}/pools/${encodeURIComponent(pool)}/uploads`, { method: "POST", body: { forcedFormat: forced || null } });
      let next = 0;
      let failed = 0;
      const worker = async () => {
        while (next < list.length) {
          const i = next++;
          update(i, { state: "uploading" });
          try {
            await putFile(`/api/w/${ws}/uploads/${upload.id}/files?name=${encodeURIComponent(list[i].name)}`, list[i].file, (loaded) => update(i, { loaded }));
            update(i, { state: "done", loaded: list[i].file.size });
          } catch (e) {
            failed++;
            update(i, { state: "error", error: e instanceof Error ? e.message : String(e) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
      if (failed === list.length) throw new Error("No file could be uploaded.");
      await apiFetch(`/api/w/${ws}/uploads/${upload.id}/complete`, { method: "POST" });
      toast.success(failed ? `Import started; ${failed} file(s) failed to upload.` : "Upload complete; importing now.");
      router.push(`/w/${ws}/pools/${encodeURIComponent(pool)}/uploads/${upload.id}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Upload failed.");
    } finally {
      setBusy(false);
    }
  };

  if (!canUpload) return null;
  return (
    <Card>
      <CardHeader
        title="Upload trajectories"
        description="Drop trace files or .zip archives: the format of each file is detected. Files already in the pool are recognised and not imported twice."
        actions={
          <Select aria-label="Force format" data-testid="force-format" className="w-72" value={forced} onChange={(e) => setForced(e.target.value)} disabled={busy}>
            <option value="">Detect format automatically</option>
            {formats.data?.formats.map((f) => (
              <option key={f.id} value={f.id}>
                Force: {f.label}
              </option>
            ))}
          </Select>
        }
      />
      <div className="p-5">
        <div
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            void start([...e.dataTransfer.files]);
          }}
          className={cn("flex flex-col items-center rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm", over ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-slate-50")}
        >
          <Upload size={24} className="mb-2 text-slate-400" />
          <p className="text-slate-600">Drag files, folders' contents or .zip archives here</p>
          <div className="mt-3 flex gap-2">
            <Button variant="secondary" size="sm" disabled={busy} onClick={() => input.current?.click()} data-testid="choose-files">
              Choose files
            </Button>
            <Button variant="secondary" size="sm" disabled={busy} onClick={() => folderInput.current?.click()}>
              <FolderUp size={14} /> Choose a folder
            </Button>
          </div>
          <input ref={input} data-testid="file-input" type="file" multiple className="hidden" onChange={(e) => void start([...(e.target.files ?? [])])} />
          <input ref={folderInput} type="file" multiple className="hidden" {...({ webkitdirectory: "" } as Record<string, string>)} onChange={(e) => void start([...(e.target.files ?? [])])} />
        </div>
        {items.length ? (
          <ul className="mt-4 space-y-2" data-testid="upload-progress">
            {items.map((it) => {
              const pct = it.file.size ? Math.round((100 * it.loaded) / it.file.size) : it.state === "done" ? 100 : 0;
              return (
                <li key={it.name} className="text-xs">
                  <div className="flex justify-between gap-3">
                    <span className="truncate font-mono">{it.name}</span>
                    <span className={cn("shrink-0", it.state === "error" ? "text-red-600" : "text-slate-500")}>{it.state === "error" ? it.error : `${fmtBytes(it.loaded)} / ${fmtBytes(it.file.size)}`}</span>
                  </div>
                  <div className="mt-1 h-1.5 overflow-hidden rounded bg-slate-200" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={`Upload of ${it.name}`}>
                    <div className={cn("h-full transition-all", it.state === "error" ? "bg-red-500" : "bg-brand-500")} style={{ width: `${pct}%` }} />
                  </div>
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
