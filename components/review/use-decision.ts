"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import type { TItemView } from "@/lib/review/items";
import { ApiError } from "@/lib/queries/api";
import { postChoose, postDecision, reviewKeys, type TDecisionBody } from "@/lib/queries/review";

// One item's decisions. A 409 keeps both sides — what I tried and the other person's current
// item — so the screen can show their change and offer "Use theirs" / "Apply mine again".

export type TStale = { mine: TDecisionBody; theirs: TItemView };

const DONE: Record<TDecisionBody["action"], string> = { accept: "Accepted", reject: "Rejected", edit: "Saved your edit", reset: "Reset to pending" };

export function useDecision(ws: string, runId: string, onDone?: (item: TItemView, action: TDecisionBody["action"]) => void) {
  const qc = useQueryClient();
  const [stale, setStale] = useState<TStale | null>(null);
  const refresh = (id: string) => {
    qc.invalidateQueries({ queryKey: reviewKeys.run(ws, runId) });
    qc.invalidateQueries({ queryKey: reviewKeys.item(ws, id) });
  };
  const decision = useMutation({
    mutationFn: ({ id, body }: { id: string; body: TDecisionBody }) => postDecision(ws, id, body),
    onSuccess: ({ item }, { body }) => {
      setStale(null);
      toast.success(`${DONE[body.action]}: ${item.file}${item.section ? ` § ${item.section}` : ""}.`);
      refresh(item.id);
      onDone?.(item, body.action);
    },
    onError: (e, { id, body }) => {
      if (e instanceof ApiError && e.code === "conflict:item_version") {
        setStale({ mine: body, theirs: (e.details as { current: TItemView }).current });
        refresh(id);
      } else if (!(e instanceof ApiError && e.code === "invalid_input:edit")) toast.error(e.message);
    },
  });
  const choose = useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => postChoose(ws, id, version),
    onSuccess: (r) => {
      toast.success(`Chose this item; rejected ${r.rejected.length} other${r.rejected.length === 1 ? "" : "s"} of its conflict group.`);
      refresh(r.chosen.id);
      for (const id of r.rejected) qc.invalidateQueries({ queryKey: reviewKeys.item(ws, id) });
    },
    onError: (e, { id }) => {
      if (e instanceof ApiError && e.code === "conflict:item_version") setStale(null);
      toast.error(e.message);
      refresh(id);
    },
  });
  return { decision, choose, stale, clearStale: () => setStale(null) };
}
