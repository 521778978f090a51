"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Textarea } from "../ui/field";

// Publishing is irreversible (versions are immutable), so the dialog says exactly what will be
// written: the version number per bump, what is included, lint errors that block it, and the
// changelog drafted from the decisions, which the publisher may edit before confirming.

type TBump = "major" | "minor" | "patch";
type TDraft = {
  skill: string;
  baseVersion: string | null;
  versions: Record<TBump, string>;
  changelog: string;
  pending: number;
  counts: { accepted: number; edited: number; rejected: number };
  lint: { severity: "error" | "warning"; file: string; line: number; message: string }[];
  conflicts: number;
};

export function PublishDialog({ ws, runId, open, onOpenChange }: { ws: string; runId: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [bump, setBump] = useState<TBump>("minor");
  const [changelog, setChangelog] = useState<string | null>(null);
  const [skipPending, setSkipPending] = useState(false);
  const draft = useQuery({ queryKey: ["publish-draft", ws, runId, bump], queryFn: () => apiFetch<TDraft>(`/api/w/${ws}/runs/${runId}/publish?bump=${bump}`), enabled: open });
  const publish = useMutation({
    mutationFn: () => apiFetch<{ version: { skill: string; version: string } }>(`/api/w/${ws}/runs/${runId}/publish`, { method: "POST", body: { bump, skipPending, ...(changelog !== null ? { changelog } : {}) } }),
    onSuccess: ({ version }) => {
      toast.success(`Published ${version.skill}@${version.version}.`);
      void qc.invalidateQueries();
      onOpenChange(false);
      router.push(`/w/${ws}/registry/${encodeURIComponent(version.skill)}/${encodeURIComponent(version.version)}`);
    },
  });
  const d = draft.data;
  const errors = d?.lint.filter((f) => f.severity === "error") ?? [];
  const blocked = !d || errors.length > 0 || d.conflicts > 0 || d.counts.accepted + d.counts.edited === 0 || (d.pending > 0 && !skipPending);
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Publish a new version" description="A published version can never be changed or removed; a later run publishes the next one." testId="publish-dialog">
      {draft.isLoading ? <p className="text-sm text-slate-500">Preparing the draft…</p> : null}
      {draft.error ? <p className="text-sm text-red-600">{draft.error.message}</p> : null}
      {d ? (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate();
          }}
        >
          <div className="flex gap-2" role="radiogroup" aria-label="Version bump">
            {(["patch", "minor", "major"] as const).map((b) => (
              <button key={b} type="button" role="radio" aria-checked={bump === b} data-testid={`publish-bump-${b}`} onClick={() => (setBump(b), setChangelog(null))} className={`rounded border px-3 py-1.5 text-sm ${bump === b ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 text-slate-600"}`}>
                {b} · {d.skill}@{d.versions[b]}
              </button>
            ))}
          </div>
          <p className="text-sm text-slate-600" data-testid="publish-summary">
            {d.counts.accepted} accepted and {d.counts.edited} edited items on top of {d.baseVersion ? `${d.skill}@${d.baseVersion}` : "a new skill"}; {d.counts.rejected} rejected.
          </p>
          {d.pending > 0 ? (
            <label className="flex items-center gap-2 text-sm text-amber-700">
              <input type="checkbox" checked={skipPending} onChange={(e) => setSkipPending(e.target.checked)} data-testid="publish-skip-pending" />
              {d.pending} items are still pending: publish without them
            </label>
          ) : null}
          {d.conflicts > 0 ? <p className="text-sm text-red-600">Accepted items still conflict; choose one of each conflict group first.</p> : null}
          {errors.length ? (
            <ul className="space-y-1 text-sm text-red-600" data-testid="publish-lint-errors">
              {errors.map((f, i) => (
                <li key={i}>
                  {f.file}:{f.line} — {f.message}
                </li>
              ))}
            </ul>
          ) : null}
          <Field label="Changelog" htmlFor="publish-changelog" hint="Drafted from the decided items; edit it as you like.">
            <Textarea id="publish-changelog" data-testid="publish-changelog" rows={10} className="font-mono text-xs" value={changelog ?? d.changelog} onChange={(e) => setChangelog(e.target.value)} />
          </Field>
          {publish.error ? <p className="text-sm text-red-600">{publish.error.message}</p> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" data-testid="publish-submit" disabled={blocked || publish.isPending}>
              {publish.isPending ? "Publishing…" : `Publish ${d.skill}@${d.versions[bump]}`}
            </Button>
          </div>
        </form>
      ) : null}
    </Dialog>
  );
}
