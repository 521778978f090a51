"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useMemo, useState } from "react";
import type { TItemView } from "@/lib/review/items";
import { ApiError } from "@/lib/queries/api";
import { itemDetailQuery } from "@/lib/queries/review";
import { SkillDiffEditor } from "../skills/skill-file-editor";
import { isTypingTarget } from "../shell/shortcuts";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/skeleton";
import { ConflictGroup, StaleNotice } from "./conflict-panels";
import { focusModifiedLine } from "./monaco-focus";
import { RejectDialog } from "./reject-dialog";
import { firstChangedLine, sectionLabel, STATUS_TONE } from "./review-format";
import { useDecision } from "./use-decision";

// The middle of the review screen: the item's file, base vs proposed in Monaco, and its decisions.
// Edit mode makes the proposed side editable; Save sends the whole modified file and the server
// keeps only the item's lines (anything else is refused with a message shown here).

export function ItemPane({ ws, runId, item, siblings, canCurate, onMove }: { ws: string; runId: string; item: TItemView; siblings: TItemView[]; canCurate: boolean; onMove: (delta: number) => void }) {
  const detail = useQuery(itemDetailQuery(ws, item.id));
  const [mode, setMode] = useState<"view" | "edit">("view");
  const [draft, setDraft] = useState<string | null>(null);
  const [session, setSession] = useState(0);
  const [rejecting, setRejecting] = useState(false);
  const { decision, choose, stale, clearStale } = useDecision(ws, runId, () => {
    setMode("view");
    setDraft(null);
    setRejecting(false);
  });
  const current = detail.data?.item ?? item;
  const files = detail.data?.files;
  // Open at the item's change, not at the top of the file (memoised: a new object would re-scroll).
  const reveal = useMemo(() => (files ? { line: firstChangedLine(files.base, files.proposed), nonce: 0 } : null), [files]);
  const scope = `${item.id}-v${current.version}-s${session}`;
  const editError = decision.error instanceof ApiError && decision.error.code === "invalid_input:edit" ? decision.error.message : null;
  const busy = decision.isPending || choose.isPending;

  const startEdit = () => {
    if (!canCurate || !detail.data) return;
    setMode("edit");
    void focusModifiedLine(scope, firstChangedLine(detail.data.files.base, detail.data.files.proposed));
  };
  const cancelEdit = () => {
    setMode("view");
    setDraft(null);
    setSession((s) => s + 1);
    decision.reset();
  };
  const accept = () => canCurate && decision.mutate({ id: item.id, body: { action: "accept", version: current.version } });
  const save = () => draft !== null && decision.mutate({ id: item.id, body: { action: "edit", version: current.version, file: draft } });

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target) || rejecting || document.querySelector("[role=dialog]")) return;
    const act: Record<string, () => void> = { j: () => onMove(1), k: () => onMove(-1), a: accept, e: startEdit, r: () => canCurate && setRejecting(true), Escape: () => mode === "edit" && cancelEdit() };
    const fn = act[e.key];
    if (!fn) return;
    e.preventDefault();
    fn();
  });
  useEffect(() => {
    const handler = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, []);

  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" data-testid="review-item-pane" data-item-id={item.id} data-status={current.status} data-version={current.version}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2">
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium text-slate-900">
            <span className="font-mono text-xs text-slate-500">{item.file}</span> § {sectionLabel(item.section)}
          </div>
          <div className="mt-0.5 flex items-center gap-2 text-xs text-slate-500">
            <Badge tone={STATUS_TONE[current.status]}>
              <span data-testid="item-status">{current.status}</span>
            </Badge>
            <span>{item.op}</span>
            <span>v{current.version}</span>
            {detail.data && !detail.data.files.applies ? <span className="text-amber-700">does not apply cleanly to the base</span> : null}
          </div>
        </div>
        {canCurate ? (
          mode === "edit" ? (
            <div className="flex gap-2">
              <Button size="sm" variant="secondary" data-testid="edit-cancel" onClick={cancelEdit}>
                Cancel
              </Button>
              <Button size="sm" data-testid="edit-save" disabled={busy || draft === null} onClick={save}>
                Save edit
              </Button>
            </div>
          ) : (
            <div className="flex gap-2">
              <Button size="sm" data-testid="item-accept" disabled={busy} onClick={accept} title="a">
                Accept
              </Button>
              <Button size="sm" variant="secondary" data-testid="item-edit" disabled={busy || !detail.data} onClick={startEdit} title="e">
                Edit
              </Button>
              <Button size="sm" variant="secondary" data-testid="item-reject" disabled={busy} onClick={() => setRejecting(true)} title="r">
                Reject
              </Button>
              {current.status !== "pending" ? (
                <Button size="sm" variant="ghost" data-testid="item-reset" disabled={busy} onClick={() => decision.mutate({ id: item.id, body: { action: "reset", version: current.version } })}>
                  Reset
                </Button>
              ) : null}
            </div>
          )
        ) : (
          <span className="text-xs text-slate-500" data-testid="viewer-note">
            Viewers read; curators decide.
          </span>
        )}
      </div>
      {stale ? <StaleNotice stale={stale} busy={busy} onUseTheirs={clearStale} onApplyMine={() => decision.mutate({ id: item.id, body: { ...stale.mine, version: stale.theirs.version } })} /> : null}
      {item.conflictGroup && siblings.length > 1 ? <ConflictGroup items={siblings} selectedId={item.id} canCurate={canCurate} busy={busy} onChoose={(i) => choose.mutate({ id: i.id, version: i.version })} /> : null}
      {editError ? (
        <p role="alert" data-testid="edit-error" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
          {editError}
        </p>
      ) : null}
      {mode === "edit" ? <p className="bg-brand-50 px-4 py-1 text-xs text-brand-700">Editing the proposed side: change only this item&apos;s lines, then Save (Esc cancels).</p> : null}
      <div className="min-h-0 flex-1" data-testid="review-diff">
        {detail.isPending ? (
          <Skeleton className="m-4 h-[60vh]" />
        ) : detail.isError ? (
          <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
        ) : (
          <SkillDiffEditor
            key={scope}
            modelScope={scope}
            path={detail.data.files.file}
            original={detail.data.files.base}
            modified={detail.data.files.proposed}
            modifiedEditable={mode === "edit"}
            reveal={reveal}
            onChangeModified={setDraft}
            height="100%"
            testId="item-diff-editor"
          />
        )}
      </div>
      {rejecting ? <RejectDialog busy={decision.isPending} error={decision.error?.message} onCancel={() => setRejecting(false)} onReject={(reason) => decision.mutate({ id: item.id, body: { action: "reject", version: current.version, reason } }, { onError: () => setRejecting(false) })} /> : null}
    </section>
  );
}
