"use client";

import { AlertTriangle } from "lucide-react";
import type { TItemView } from "@/lib/review/items";
import { Button } from "../ui/button";
import { Time } from "../ui/time";
import { cn } from "../ui/cn";
import { supportLabel } from "./review-format";
import type { TStale } from "./use-decision";

const describe = (i: Pick<TItemView, "status" | "rejectReason" | "editedAfter">) =>
  i.status === "rejected" ? `rejected (“${i.rejectReason ?? ""}”)` : i.status === "edited" ? "edited" : i.status;

/** A save based on an old version: the other person's change, and the two ways on. */
export function StaleNotice({ stale, busy, onUseTheirs, onApplyMine }: { stale: TStale; busy: boolean; onUseTheirs: () => void; onApplyMine: () => void }) {
  const t = stale.theirs;
  return (
    <div role="alert" data-testid="stale-notice" className="border-b border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-medium">Someone changed this item while you were looking at it.</p>
      <p className="mt-1" data-testid="stale-theirs">
        Now <strong>{describe(t)}</strong>
        {t.decidedByName ? ` by ${t.decidedByName}` : ""}
        {t.decidedAt ? (
          <>
            {" "}
            <Time iso={t.decidedAt} />
          </>
        ) : null}{" "}
        (version {t.version}). Your {stale.mine.action} was not saved.
      </p>
      {t.status === "edited" && t.editedAfter ? <pre className="mt-2 max-h-32 overflow-auto whitespace-pre-wrap rounded bg-white/70 p-2 font-mono text-xs">{t.editedAfter}</pre> : null}
      <div className="mt-2 flex gap-2">
        <Button size="sm" variant="secondary" data-testid="stale-use-theirs" onClick={onUseTheirs}>
          Use theirs
        </Button>
        <Button size="sm" data-testid="stale-apply-mine" disabled={busy} onClick={onApplyMine}>
          Apply mine again ({stale.mine.action})
        </Button>
      </div>
    </div>
  );
}

/** Items that edit the same place: shown together, one can be chosen (the others are rejected). */
export function ConflictGroup({ items, selectedId, canCurate, busy, onChoose }: { items: TItemView[]; selectedId: string; canCurate: boolean; busy: boolean; onChoose: (i: TItemView) => void }) {
  return (
    <div data-testid="conflict-group" className="max-h-72 overflow-y-auto border-b border-amber-200 bg-amber-50/60 px-4 py-2">
      <p className="flex items-center gap-1 text-xs font-medium text-amber-800">
        <AlertTriangle size={13} /> {items.length} items change the same place; choose one (the others are rejected).
      </p>
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        {items.map((i) => (
          <div key={i.id} data-testid="conflict-candidate" data-item-id={i.id} className={cn("rounded border bg-white p-2", i.id === selectedId ? "border-brand-400" : "border-slate-200")}>
            <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
              <span>
                {i.op} · support {supportLabel(i)} · {i.status}
              </span>
              {canCurate ? (
                <Button size="sm" variant="secondary" className="h-6 text-xs" data-testid="conflict-choose" disabled={busy || i.status === "accepted"} onClick={() => onChoose(i)}>
                  Choose this one
                </Button>
              ) : null}
            </div>
            <pre className="mt-1 max-h-28 overflow-auto whitespace-pre-wrap font-mono text-xs text-slate-800">{i.editedAfter ?? i.edit.content}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}
