"use client";

import type { TLessonView, TTrajectoryLessons } from "@/lib/review/lesson-schemas";
import { Badge } from "../ui/badge";
import { LessonCard } from "./lesson-card";
import type { TConflict, TLessonChange, TSaveResult } from "./use-lesson-update";

// The middle column: what the analyst did with this trajectory, the lessons citing the step that is
// selected in the trace, and the lessons themselves.

export type TLessonActions = {
  onSelect: (l: TLessonView) => void;
  onStep: (step: number) => void;
  onEdit: (id: string | undefined) => void;
  onSave: (l: TLessonView, change: TLessonChange) => Promise<TSaveResult>;
  onReject: (l: TLessonView) => void;
  onReapply: () => void;
  onDismissConflict: () => void;
};

function AnalysisHeader({ data, ruleBased }: { data: TTrajectoryLessons; ruleBased: boolean }) {
  const a = data.analysis;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="analysis-header">
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="font-mono text-xs text-slate-700" title={data.trajectory.id}>
          {data.trajectory.externalId}
        </span>
        {a.analyst === "rule-based" || ruleBased ? (
          <span title="Derived by the built-in rule-based analyst (no LLM configured): tool errors and recoveries, repeated failure signatures, tool sequences.">
            <Badge tone="violet">rule-based</Badge>
          </span>
        ) : a.analyst === "error" || a.analyst === "success" ? (
          <Badge tone="blue">{a.analyst} analyst</Badge>
        ) : null}
        <Badge tone={a.status === "failed" ? "red" : a.status === "done" ? "green" : "slate"}>{a.status}</Badge>
        {a.model && a.model !== "rule-based" ? <span className="text-xs text-slate-500">{a.model}</span> : null}
        {a.invalidCitations ? <span className="text-xs text-amber-700" title="Step citations the analyst got wrong, repaired or dropped">{a.invalidCitations} citations fixed</span> : null}
      </div>
      {a.error ? (
        <p className="mt-1.5 text-xs text-red-700" data-testid="analysis-error">
          {a.error}
        </p>
      ) : null}
      {data.trajectory.instruction ? <p className="mt-1.5 line-clamp-3 whitespace-pre-wrap text-xs text-slate-500">{data.trajectory.instruction}</p> : null}
      {a.leanPath ? (
        <details className="mt-2 text-xs text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">Lean solution path ({a.leanPath.steps.length} steps)</summary>
          <p className="mt-1">{a.leanPath.overview}</p>
          <ol className="mt-1 list-decimal space-y-0.5 pl-5">
            {a.leanPath.steps.map((s, i) => (
              <li key={i}>
                <span className="font-medium">{s.title}</span> — {s.description} <span className="font-mono text-slate-400">[{s.stepRefs.join(", ")}]</span>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </div>
  );
}

function CitedBy({ step, lessons, onSelect }: { step: number; lessons: TLessonView[]; onSelect: (l: TLessonView) => void }) {
  const citing = lessons.filter((l) => l.stepRefs.includes(step));
  return (
    <div className="rounded-lg border border-yellow-200 bg-yellow-50 p-2.5 text-xs" data-testid="cited-by" data-step={step}>
      <p className="font-medium text-yellow-900">
        Step {step} {citing.length ? `is cited by ${citing.length} lesson${citing.length === 1 ? "" : "s"}` : "is not cited by any lesson"}
      </p>
      {citing.length ? (
        <ul className="mt-1 space-y-0.5">
          {citing.map((l) => (
            <li key={l.id}>
              <button type="button" className="text-left text-brand-700 hover:underline" onClick={() => onSelect(l)} data-testid="cited-by-lesson">
                {l.title}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type Props = { data: TTrajectoryLessons; selectedId?: string; editingId?: string; step?: number; canCurate: boolean; ruleBased: boolean; busy: boolean; conflict?: TConflict; actions: TLessonActions };

export function LessonColumn({ data, selectedId, editingId, step, canCurate, ruleBased, busy, conflict, actions }: Props) {
  return (
    <div className="min-h-0 space-y-2 overflow-y-auto pr-1" data-testid="lesson-column">
      <AnalysisHeader data={data} ruleBased={ruleBased} />
      {step !== undefined ? <CitedBy step={step} lessons={data.lessons} onSelect={actions.onSelect} /> : null}
      {data.lessons.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500" data-testid="lessons-empty">
          {data.analysis.status === "failed" ? "The analyst failed on this trajectory, so it has no lessons. Retry the run's failed trajectories from the run page." : data.analysis.status === "skipped" ? "This trajectory was skipped by the analysts, so it has no lessons." : "No lessons yet for this trajectory."}
        </p>
      ) : (
        data.lessons.map((l) => (
          <LessonCard
            key={l.id}
            lesson={l}
            selected={l.id === selectedId}
            editing={l.id === editingId}
            canCurate={canCurate}
            ruleBased={data.analysis.analyst === "rule-based" || ruleBased}
            busy={busy}
            conflict={conflict?.lessonId === l.id ? conflict : undefined}
            onSelect={() => actions.onSelect(l)}
            onStep={actions.onStep}
            onEdit={(on) => actions.onEdit(on ? l.id : undefined)}
            onSave={(c) => actions.onSave(l, c)}
            onReject={() => actions.onReject(l)}
            onReapply={actions.onReapply}
            onDismissConflict={actions.onDismissConflict}
          />
        ))
      )}
      {!canCurate ? <p className="px-1 text-xs text-slate-400">You can read lessons here; curators edit, reject and mark them.</p> : null}
    </div>
  );
}
