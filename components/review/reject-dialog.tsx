"use client";

import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Textarea } from "../ui/field";

const QUICK = ["Task-specific: does not generalise", "Wrong or unsupported by the traces", "Duplicates an existing section"];

/** A rejection always carries a reason (it is recorded and shown to the next reviewer). */
export function RejectDialog({ busy, error, onCancel, onReject }: { busy: boolean; error?: string; onCancel: () => void; onReject: (reason: string) => void }) {
  const [reason, setReason] = useState("");
  return (
    <Dialog open onOpenChange={(o) => (o ? null : onCancel())} title="Reject this item" description="Say why; the reason is kept with the decision and in the audit log." testId="reject-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) onReject(reason.trim());
        }}
      >
        <Field label="Reason" htmlFor="reject-reason" error={error}>
          <Textarea id="reject-reason" data-testid="reject-reason" autoFocus rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <div className="mt-2 flex flex-wrap gap-1">
          {QUICK.map((q) => (
            <button key={q} type="button" className="rounded-full border border-slate-200 px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-50" onClick={() => setReason(q)}>
              {q}
            </button>
          ))}
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" data-testid="reject-confirm" disabled={busy || !reason.trim()}>
            Reject
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
