"use client";

import { Ban, Pencil, RotateCcw, Tag } from "lucide-react";
import { useState } from "react";
import type { TLessonView } from "@/lib/review/lesson-schemas";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { Input, Textarea } from "../ui/field";
import type { TConflict, TLessonChange, TSaveResult } from "./use-lesson-update";

// One lesson: kind, wording, cited steps as chips, and the curator's actions. Every text here is
// untrusted (analyst output, curator edits) and rendered as plain text.

export const KIND_LABEL = { failure_cause: "failure cause", failure_memory: "failure memory", success_memory: "success memory" } as const;
const KIND_TONE = { failure_cause: "red", failure_memory: "amber", success_memory: "green" } as const;

type Props = {
  lesson: TLessonView;
  selected: boolean;
  editing: boolean;
  canCurate: boolean;
  ruleBased: boolean;
  busy: boolean;
  conflict?: TConflict;
  onSelect: () => void;
  onStep: (step: number) => void;
  onEdit: (editing: boolean) => void;
  onSave: (change: TLessonChange) => Promise<TSaveResult>;
  onReject: () => void;
  onReapply: () => void;
  onDismissConflict: () => void;
};

function EditForm({ lesson, busy, onSave, onCancel }: { lesson: TLessonView; busy: boolean; onSave: (c: TLessonChange) => void; onCancel: () => void }) {
  const [title, setTitle] = useState(lesson.title);
  const [description, setDescription] = useState(lesson.description);
  const [content, setContent] = useState(lesson.content);
  // Only the fields this person changed: a re-apply after a 409 then leaves the other person's
  // changes to the remaining fields in place.
  const submit = () => {
    const change: TLessonChange = {};
    if (title !== lesson.title) change.title = title;
    if (description !== lesson.description) change.description = description;
    if (content !== lesson.content) change.content = content;
    if (Object.keys(change).length) onSave(change);
    else onCancel();
  };
  return (
    <form
      className="mt-2 space-y-2"
      data-testid="lesson-edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit();
      }}
    >
      <Input aria-label="Title" data-testid="lesson-edit-title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus maxLength={200} />
      <Textarea aria-label="Description" data-testid="lesson-edit-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
      <Textarea aria-label="Content" data-testid="lesson-edit-content" rows={4} value={content} onChange={(e) => setContent(e.target.value)} maxLength={4000} />
      <div className="flex items-center gap-2">
        <Button size="sm" type="submit" disabled={busy || !title.trim() || !description.trim() || !content.trim()} data-testid="lesson-edit-save">
          Save
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <span className="text-xs text-slate-400">Ctrl+Enter saves · Esc cancels</span>
      </div>
    </form>
  );
}

function ConflictBanner({ conflict, onReapply, onDismiss }: { conflict: TConflict; onReapply: () => void; onDismiss: () => void }) {
  const c = conflict.current;
  return (
    <div role="alert" data-testid="lesson-conflict" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <p className="font-medium">
        {c.updatedBy ?? "Someone"} changed this lesson while you were working (now version {c.version}). Shown above is their version; yours was not saved.
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        {(["title", "description", "content"] as const).map((f) =>
          conflict.mine[f] !== undefined && conflict.mine[f] !== c[f] ? (
            <div key={f} className="contents">
              <dt className="font-medium">Your {f}</dt>
              <dd className="whitespace-pre-wrap">{conflict.mine[f]}</dd>
            </div>
          ) : null,
        )}
        {conflict.mine.status ? (
          <div className="contents">
            <dt className="font-medium">Your decision</dt>
            <dd>{conflict.mine.status === "rejected" ? "reject" : "restore"}</dd>
          </div>
        ) : null}
        {conflict.mine.taskSpecific !== undefined ? (
          <div className="contents">
            <dt className="font-medium">Your mark</dt>
            <dd>{conflict.mine.taskSpecific ? "task-specific" : "general"}</dd>
          </div>
        ) : null}
      </dl>
      <div className="mt-2 flex gap-2">
        <Button size="sm" onClick={onReapply} data-testid="lesson-conflict-reapply">
          Re-apply mine on their version
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Keep theirs
        </Button>
      </div>
    </div>
  );
}

export function LessonCard(p: Props) {
  const l = p.lesson;
  const rejected = l.status === "rejected";
  return (
    <article
      id={`lesson-${l.id}`}
      data-testid="lesson"
      data-lesson-id={l.id}
      data-status={l.status}
      data-selected={p.selected || undefined}
      className={cn("rounded-lg border bg-white p-3 text-sm shadow-sm", p.selected ? "border-brand-500 ring-2 ring-brand-100" : "border-slate-200", rejected && "opacity-70")}
      onClick={(e) => {
        if (!(e.target as HTMLElement).closest("button,input,textarea,a")) p.onSelect();
      }}
    >
      <header className="flex flex-wrap items-center gap-1.5">
        <Badge tone={KIND_TONE[l.kind]}>{KIND_LABEL[l.kind]} {l.number}</Badge>
        {p.ruleBased ? <Badge tone="violet">rule-based</Badge> : null}
        {l.status === "edited" ? <Badge tone="blue">edited</Badge> : null}
        {rejected ? <Badge tone="slate">rejected</Badge> : null}
        {l.taskSpecific ? <Badge tone="amber">task-specific</Badge> : null}
        <span className="ml-auto text-xs text-slate-500" title="Proposal items of this run that list this lesson among their sources">
          support {l.support}
        </span>
      </header>
      {p.editing ? (
        <EditForm lesson={l} busy={p.busy} onCancel={() => p.onEdit(false)} onSave={async (c) => (await p.onSave(c)) !== "error" && p.onEdit(false)} />
      ) : (
        <button type="button" className="mt-1.5 block w-full text-left" onClick={p.onSelect} data-testid="lesson-open">
          <h3 className={cn("font-semibold text-slate-900", rejected && "line-through")} data-testid="lesson-title">
            {l.title}
          </h3>
          <p className="mt-0.5 text-slate-700">{l.description}</p>
          <p className="mt-1 whitespace-pre-wrap text-slate-600">{l.content}</p>
        </button>
      )}
      {rejected && l.rejectReason ? <p className="mt-1 text-xs text-slate-500">Rejected: {l.rejectReason}</p> : null}
      {l.original && !p.editing ? (
        <details className="mt-1 text-xs text-slate-500">
          <summary className="cursor-pointer">Analyst&apos;s original wording</summary>
          <p className="mt-1 font-medium">{l.original.title}</p>
          <p>{l.original.description}</p>
          <p className="whitespace-pre-wrap">{l.original.content}</p>
        </details>
      ) : null}
      <div className="mt-2 flex flex-wrap items-center gap-1.5">
        {l.stepRefs.map((s) => (
          <button key={s} type="button" data-testid="step-chip" data-step={s} onClick={() => p.onStep(s)} className="rounded-full bg-yellow-50 px-2 py-0.5 font-mono text-xs text-yellow-900 ring-1 ring-inset ring-yellow-200 hover:bg-yellow-100">
            step {s}
          </button>
        ))}
        {p.canCurate && !p.editing ? (
          <span className="ml-auto flex gap-1">
            <Button size="sm" variant="ghost" title="Edit (e)" onClick={() => p.onEdit(true)} data-testid="lesson-edit">
              <Pencil size={13} /> Edit
            </Button>
            <Button size="sm" variant="ghost" title="Task-specific (t)" onClick={() => void p.onSave({ taskSpecific: !l.taskSpecific })} data-testid="lesson-task-specific" disabled={p.busy}>
              <Tag size={13} /> {l.taskSpecific ? "General" : "Task-specific"}
            </Button>
            {rejected ? (
              <Button size="sm" variant="ghost" onClick={() => void p.onSave({ status: "active" })} data-testid="lesson-restore" disabled={p.busy}>
                <RotateCcw size={13} /> Restore
              </Button>
            ) : (
              <Button size="sm" variant="ghost" title="Reject (r)" onClick={p.onReject} data-testid="lesson-reject">
                <Ban size={13} /> Reject
              </Button>
            )}
          </span>
        ) : null}
      </div>
      {p.conflict ? <ConflictBanner conflict={p.conflict} onReapply={p.onReapply} onDismiss={p.onDismissConflict} /> : null}
    </article>
  );
}
