"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RotateCcw, Square } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { TRunProgress } from "@/lib/distill/run-progress";
import { apiFetch } from "@/lib/queries/api";
import { runActionUrl, runKeys } from "@/lib/queries/runs";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

// Cancel (confirmed: it stops new calls and keeps what finished) and retry of failed items.

export function CancelRunButton({ ws, run, progress }: { ws: string; run: string; progress: TRunProgress }) {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => apiFetch<{ status: string }>(runActionUrl(ws, run, "cancel"), { method: "POST" }),
    onSuccess: (r) => {
      setOpen(false);
      toast.success(r.status === "cancelled" ? "Run cancelled." : "Cancelling: calls in flight finish, then the run stops.");
      void client.invalidateQueries({ queryKey: runKeys.run(ws, run) });
    },
    onError: (e) => toast.error(e.message),
  });
  if (progress.finished) return null;
  const done = progress.analyse.done + progress.analyse.skipped;
  return (
    <>
      <Button variant="secondary" data-testid="run-cancel" disabled={progress.cancelRequested} onClick={() => setOpen(true)}>
        <Square size={14} /> {progress.cancelRequested ? "Cancelling…" : "Cancel run"}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Cancel this run?" description={`No new LLM calls start; calls in flight finish. The ${done} trajectories analysed so far keep their lessons and patches, and you can resume the run later with Retry.`} testId="run-cancel-dialog">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep running
          </Button>
          <Button variant="danger" data-testid="run-cancel-confirm" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            {cancel.isPending ? "Cancelling…" : "Cancel run"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}

export function RetryRunButton({ ws, run, progress }: { ws: string; run: string; progress: TRunProgress }) {
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: () => apiFetch<{ analyses: number; maps: number; merges: number; pending: number }>(runActionUrl(ws, run, "retry"), { method: "POST" }),
    onSuccess: (r) => {
      const parts = [r.analyses && `${r.analyses} analyses`, r.maps && `${r.maps} patches`, r.merges && `${r.merges} merge nodes`, r.pending && `${r.pending} not yet analysed`].filter(Boolean);
      toast.success(`Run queued again: ${parts.join(", ") || "resuming"}.`);
      void client.invalidateQueries({ queryKey: runKeys.run(ws, run) });
    },
    onError: (e) => toast.error(e.message),
  });
  const resumable = progress.status === "cancelled" && progress.analyse.pending > 0;
  if (!progress.finished || (progress.failures === 0 && !resumable && progress.status !== "failed")) return null;
  return (
    <Button size="sm" data-testid="run-retry" disabled={retry.isPending} onClick={() => retry.mutate()}>
      <RotateCcw size={14} /> {retry.isPending ? "Queuing…" : progress.failures ? "Retry failed items" : "Resume run"}
    </Button>
  );
}
