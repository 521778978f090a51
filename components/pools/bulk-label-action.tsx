"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Tags } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input, Select } from "../ui/field";

// "Set outcome for N matching trajectories": sends the table's own filter (not a list of ids), so
// the server changes exactly what the table lists, however many pages it has.

const FILTER_LABELS: Record<string, string> = { outcome: "outcome", format: "format", model: "model", harness: "harness", task: "task", split: "split", hasErrors: "has errors", hasSecrets: "has secrets", q: "text" };

function describeFilter(filter: Record<string, string>): string {
  const parts = Object.entries(filter).map(([k, v]) => `${FILTER_LABELS[k] ?? k} = ${v}`);
  return parts.length ? parts.join(", ") : "no filter: every trajectory in the pool";
}

export function BulkLabelAction({ ws, pool, filter, total }: { ws: string; pool: string; filter: Record<string, string>; total: number }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState("success");
  const [reward, setReward] = useState("");
  const revert = outcome === "revert";
  const rewardValue = reward.trim() === "" ? undefined : Number(reward);
  const rewardInvalid = rewardValue !== undefined && !Number.isFinite(rewardValue);
  const apply = useMutation({
    mutationFn: () =>
      apiFetch<{ matched: number; changed: number }>(`/api/w/${ws}/pools/${encodeURIComponent(pool)}/labels/bulk`, {
        method: "POST",
        body: revert ? { filter, revert: true } : { filter, outcome, ...(rewardValue !== undefined ? { reward: rewardValue } : {}) },
      }),
    onSuccess: (r) => {
      toast.success(`Changed ${r.changed.toLocaleString()} of ${r.matched.toLocaleString()} matching trajectories.`);
      setOpen(false);
      void qc.invalidateQueries({ queryKey: ["w", ws, "pool", pool, "trajectories"] });
    },
    onError: (e) => toast.error(e.message),
  });
  const n = total.toLocaleString();
  return (
    <>
      <Button variant="secondary" size="sm" data-testid="bulk-label" disabled={total === 0} onClick={() => setOpen(true)}>
        <Tags size={14} /> Set outcome for {n} matching trajector{total === 1 ? "y" : "ies"}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Set the outcome of ${n} trajector${total === 1 ? "y" : "ies"}`} description={`Filter: ${describeFilter(filter)}.`} testId="bulk-label-dialog">
        <div className="space-y-4">
          <Field label="Outcome" htmlFor="bulk-outcome">
            <Select id="bulk-outcome" data-testid="bulk-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
              <option value="success">Success</option>
              <option value="failure">Failure</option>
              <option value="unknown">Unknown</option>
              <option value="revert">Reset to the imported outcome and reward</option>
            </Select>
          </Field>
          {revert ? null : (
            <Field label="Reward (optional)" htmlFor="bulk-reward" hint="Leave empty to keep each trajectory's reward." error={rewardInvalid ? "Enter a number." : undefined}>
              <Input id="bulk-reward" data-testid="bulk-reward" inputMode="decimal" value={reward} onChange={(e) => setReward(e.target.value)} placeholder="e.g. 1" />
            </Field>
          )}
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="bulk-label-summary">
            {revert
              ? `This resets ${n} trajectories to the outcome and reward they were imported with.`
              : `This sets the outcome to “${outcome}”${rewardValue !== undefined && !rewardInvalid ? ` and the reward to ${rewardValue}` : ""} on ${n} trajectories.`}{" "}
            Trajectories that already have these values stay as they are. Each change is recorded in the audit log and can be undone.
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button data-testid="bulk-label-confirm" disabled={apply.isPending || rewardInvalid} onClick={() => apply.mutate()}>
              {apply.isPending ? "Applying…" : `Apply to ${n}`}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
