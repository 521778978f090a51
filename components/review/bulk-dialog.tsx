"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { postBulk, reviewKeys } from "@/lib/queries/review";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Textarea } from "../ui/field";

/** Confirms a bulk decision, naming exactly how many items (the filtered ones) it will change. */
export function BulkDialog({ ws, run, action, filter, expected, onClose }: { ws: string; run: string; action: "accept" | "reject"; filter: Record<string, string>; expected: number; onClose: () => void }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState("");
  const described = Object.entries(filter).map(([k, v]) => `${k}=${v}`).join(", ") || "no filter: every item of this run";
  const m = useMutation({
    mutationFn: () => postBulk(ws, run, { filter, action, expected, ...(action === "reject" ? { reason } : {}) }),
    onSuccess: (r) => {
      toast.success(`${action === "accept" ? "Accepted" : "Rejected"} ${r.changed} item${r.changed === 1 ? "" : "s"}.`);
      qc.invalidateQueries({ queryKey: reviewKeys.run(ws, run) });
      qc.invalidateQueries({ queryKey: ["w", ws, "item"] });
      onClose();
    },
  });
  return (
    <Dialog open onOpenChange={(o) => (o ? null : onClose())} title={`${action === "accept" ? "Accept" : "Reject"} ${expected} item${expected === 1 ? "" : "s"}?`} description={`This ${action}s exactly the ${expected} items matching the current filter (${described}), whatever their status now. Each decision is audited.`} testId="bulk-dialog">
      {action === "reject" ? (
        <Field label="Reason (recorded on every item)" htmlFor="bulk-reason">
          <Textarea id="bulk-reason" data-testid="bulk-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      ) : null}
      {m.error ? (
        <p role="alert" className="mt-3 text-sm text-red-600" data-testid="bulk-error">
          {m.error.message}
        </p>
      ) : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant={action === "reject" ? "danger" : "primary"} data-testid="bulk-confirm" disabled={m.isPending || (action === "reject" && !reason.trim())} onClick={() => m.mutate()}>
          {action === "accept" ? "Accept" : "Reject"} {expected}
        </Button>
      </div>
    </Dialog>
  );
}
