import { Download, File } from "lucide-react";
import type { TBinaryFacts } from "@/lib/registry/version-page";

// A binary file of a skill (an image, a font, a template workbook) where a text file would open in
// Monaco: its size and hash, and a download. Never previewed: the bytes are untrusted, and the
// studio serves them only as an attachment (see the raw route).

/** Where a version's binary file downloads from; `version` may be a number or a tag. */
export function rawFileUrl(ws: string, name: string, version: string, path: string): string {
  return `/api/w/${encodeURIComponent(ws)}/skills/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/raw?path=${encodeURIComponent(path)}`;
}

function BinaryFacts({ label, facts, href }: { label?: string; facts: TBinaryFacts; href: string }) {
  return (
    <div className="space-y-1">
      {label ? <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div> : null}
      <div className="text-slate-700">{facts.size.toLocaleString()} bytes</div>
      <div className="break-all font-mono text-xs text-slate-500" title="sha256 of the file's bytes">
        sha256 {facts.sha256}
      </div>
      <a href={href} download className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline">
        <Download size={14} /> Download
      </a>
    </div>
  );
}

export function BinaryFilePanel({ path, facts, href }: { path: string; facts: TBinaryFacts; href: string }) {
  return (
    <div data-testid="binary-file" className="flex gap-3 p-5 text-sm">
      <File size={28} className="shrink-0 text-slate-400" />
      <div className="space-y-2">
        <p className="text-slate-800">
          <span className="font-mono">{path}</span> is a binary file. It is stored, hashed and shipped in the archive as it is; distillation runs never edit it.
        </p>
        <BinaryFacts facts={facts} href={href} />
      </div>
    </div>
  );
}

/** Both sides of a binary file in a version diff: compared by hash, never as text. */
export function BinaryDiffPanel({ path, before, after, hrefBefore, hrefAfter }: { path: string; before: TBinaryFacts | null; after: TBinaryFacts | null; hrefBefore: string; hrefAfter: string }) {
  const verdict = !before ? "added in this version" : !after ? "deleted in this version" : before.sha256 === after.sha256 ? "unchanged (same bytes)" : "changed (different bytes)";
  return (
    <div data-testid="binary-diff" className="space-y-4 p-5 text-sm">
      <p className="text-slate-800">
        <span className="font-mono">{path}</span> is a binary file, {verdict}.
      </p>
      <div className="grid grid-cols-2 gap-6">
        {before ? <BinaryFacts label="From" facts={before} href={hrefBefore} /> : <p className="text-slate-500">Not in the older version.</p>}
        {after ? <BinaryFacts label="To" facts={after} href={hrefAfter} /> : <p className="text-slate-500">Not in the newer version.</p>}
      </div>
    </div>
  );
}
