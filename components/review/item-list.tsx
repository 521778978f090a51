"use client";

import { AlertTriangle, Check, Circle, Flag, Pencil, X } from "lucide-react";
import type { TItemView } from "@/lib/review/items";
import type { TItemList } from "@/lib/queries/review";
import { cn } from "../ui/cn";
import { supportLabel, sectionLabel } from "./review-format";

const STATUS_ICON = {
  pending: <Circle size={13} className="text-amber-500" aria-label="pending" />,
  accepted: <Check size={13} className="text-emerald-600" aria-label="accepted" />,
  edited: <Pencil size={13} className="text-brand-600" aria-label="edited" />,
  rejected: <X size={13} className="text-red-600" aria-label="rejected" />,
} as const;

/** Items grouped file → section, each with its status, support badge and warning markers. */
export function ItemList({ list, selectedId, onSelect }: { list: TItemList; selectedId: string | null; onSelect: (id: string) => void }) {
  const byId = new Map(list.items.map((i) => [i.id, i]));
  return (
    <nav aria-label="Proposal items" data-testid="review-items" className="min-h-0 overflow-y-auto">
      {list.groups.map((g) => (
        <div key={g.file} className="mb-2">
          <div className="sticky top-0 z-10 bg-slate-50 px-3 py-1.5 font-mono text-xs font-semibold text-slate-700" data-testid="review-group-file">
            ▸ {g.file}
          </div>
          {g.sections.map((s) => (
            <div key={s.section} className="mb-1">
              <div className="truncate px-3 pt-1 text-xs font-medium text-slate-500" title={s.section}>
                {sectionLabel(s.section)} <span className="text-slate-400">●{s.itemIds.length}</span>
              </div>
              {s.itemIds.map((id) => (
                <ItemRow key={id} item={byId.get(id)!} selected={id === selectedId} onSelect={onSelect} />
              ))}
            </div>
          ))}
        </div>
      ))}
    </nav>
  );
}

function ItemRow({ item, selected, onSelect }: { item: TItemView; selected: boolean; onSelect: (id: string) => void }) {
  const preview = (item.editedAfter ?? item.edit.content ?? "").split("\n").find((l) => l.trim()) ?? `${item.op} ${item.file}`;
  return (
    <button
      type="button"
      data-testid="review-item"
      data-item-id={item.id}
      data-status={item.status}
      aria-current={selected ? "true" : undefined}
      onClick={() => onSelect(item.id)}
      className={cn("flex w-full items-start gap-2 border-l-2 px-3 py-1.5 text-left text-sm", selected ? "border-brand-600 bg-brand-50" : "border-transparent hover:bg-slate-100")}
    >
      <span className="mt-0.5 shrink-0">{STATUS_ICON[item.status]}</span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-slate-800">{preview}</span>
        <span className="mt-0.5 flex flex-wrap items-center gap-1.5 text-[11px] text-slate-500">
          <span className="rounded bg-slate-100 px-1 font-mono" title="support: trajectories (error-analyst E, success-analyst S)" data-testid="support-badge">
            {supportLabel(item)}
          </span>
          <span>{item.op}</span>
          {item.conflictGroup || item.applyStatus === "conflict" ? (
            <span className="inline-flex items-center gap-0.5 text-amber-700" title="In a conflict group">
              <AlertTriangle size={11} /> conflict
            </span>
          ) : null}
          {item.flags.length ? (
            <span className="inline-flex items-center gap-0.5 text-violet-700" title={item.flags.map((f) => f.message).join("\n")}>
              <Flag size={11} /> {item.flags.length}
            </span>
          ) : null}
          {item.lowSupport ? <span className="text-amber-700">low support</span> : null}
          {item.commentCount ? <span>💬{item.commentCount}</span> : null}
        </span>
      </span>
    </button>
  );
}
