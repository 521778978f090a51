"use client";

import { useQuery } from "@tanstack/react-query";
import { ListChecks } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { trajectoryLessonsQuery, type TTrajectoryFilters } from "@/lib/queries/lessons";
import type { TLessonView } from "@/lib/review/lesson-schemas";
import { useScreenShortcuts } from "../shell/screen-shortcuts";
import { isTypingTarget } from "../shell/shortcuts";
import { TraceViewer } from "../traces/trace-viewer";
import { EmptyState } from "../ui/empty-state";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/skeleton";
import { LessonColumn, type TLessonActions } from "./lesson-column";
import { RejectDialog } from "./reject-dialog";
import { TrajectoryList } from "./trajectory-list";
import { useLessonUpdate } from "./use-lesson-update";

// Lessons beside their traces (issue 7 item 1). The trajectory, the lesson and the filters live in
// the URL (?t=&lesson=&outcome=…), the step in its hash (#step-N, which the trace viewer follows).

const FILTER_KEYS = ["outcome", "status", "kind", "lessonStatus", "taskSpecific"] as const;
const SHORTCUTS = [
  { keys: "j", label: "Next lesson" },
  { keys: "k", label: "Previous lesson" },
  { keys: "e", label: "Edit the selected lesson" },
  { keys: "r", label: "Reject the selected lesson" },
  { keys: "t", label: "Toggle task-specific" },
];

/** Changes the query string in place (Next's router follows history.replaceState) and optionally the step hash. */
function writeUrl(params: URLSearchParams, step?: number) {
  window.history.replaceState(null, "", `?${params}${step === undefined ? "" : `#step-${step}`}`);
  // The trace viewer follows #step-N on hashchange; replaceState fires none, so tell it.
  if (step !== undefined) window.dispatchEvent(new HashChangeEvent("hashchange"));
}

function LessonsSkeleton() {
  return (
    <div className="space-y-2" aria-label="Loading">
      <Skeleton className="h-16 w-full" />
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-28 w-full" />
      ))}
    </div>
  );
}

export function LessonsScreen({ ws, run, canCurate, ruleBased }: { ws: string; run: string; canCurate: boolean; ruleBased: boolean }) {
  const sp = useSearchParams();
  const trajectory = sp.get("t") ?? undefined;
  const lessonId = sp.get("lesson") ?? undefined;
  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, sp.get(k) ?? undefined]).filter(([, v]) => v)) as TTrajectoryFilters, [sp]);
  const [step, setStep] = useState<number>();
  const [editingId, setEditingId] = useState<string>();
  const [rejecting, setRejecting] = useState<TLessonView>();
  const detail = useQuery({ ...trajectoryLessonsQuery(ws, run, trajectory ?? ""), enabled: Boolean(trajectory) });
  const update = useLessonUpdate(ws, run, trajectory ?? "");
  const lessons = useMemo(() => detail.data?.lessons ?? [], [detail.data]);
  const selected = lessons.find((l) => l.id === lessonId);
  useScreenShortcuts("lessons", "Lessons", SHORTCUTS);

  const params = useCallback((patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
    return next;
  }, []);
  const selectTrajectory = (id: string) => {
    setStep(undefined);
    setEditingId(undefined);
    writeUrl(params({ t: id, lesson: undefined }));
  };
  const setFilter = (key: keyof TTrajectoryFilters, value: string) => writeUrl(params({ [key]: value || undefined }));
  const jumpToStep = useCallback((n: number) => {
    setStep(n);
    writeUrl(new URLSearchParams(window.location.search), n);
  }, []);
  const selectLesson = useCallback(
    (l: TLessonView) => {
      const first = l.stepRefs[0];
      if (first !== undefined) setStep(first);
      writeUrl(params({ lesson: l.id }), first);
      document.getElementById(`lesson-${l.id}`)?.scrollIntoView({ block: "nearest" });
    },
    [params],
  );

  // j/k/e/r/t: the trace viewer's own keys are off on this screen (shortcuts={false}).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target) || !lessons.length || rejecting) return;
      const pos = selected ? lessons.indexOf(selected) : -1;
      if (e.key === "j" || e.key === "k") {
        selectLesson(lessons[Math.max(0, Math.min(lessons.length - 1, pos + (e.key === "j" ? 1 : -1)))] ?? lessons[0]);
      } else if (!selected || !canCurate) {
        return;
      } else if (e.key === "e") {
        e.preventDefault();
        setEditingId(selected.id);
      } else if (e.key === "r" && selected.status !== "rejected") {
        setRejecting(selected);
      } else if (e.key === "t") {
        void update.save(selected, { taskSpecific: !selected.taskSpecific });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [lessons, selected, canCurate, rejecting, selectLesson, update]);

  const actions: TLessonActions = {
    onSelect: selectLesson,
    onStep: jumpToStep,
    onEdit: setEditingId,
    onSave: update.save,
    onReject: setRejecting,
    onReapply: () => void update.reapply(),
    onDismissConflict: update.dismissConflict,
  };
  const marked = useMemo(() => [...new Set(lessons.filter((l) => l.status !== "rejected").flatMap((l) => l.stepRefs))], [lessons]);

  return (
    <div className="grid min-h-0 flex-1 grid-cols-[16rem_minmax(20rem,26rem)_minmax(0,1fr)] gap-3">
      <TrajectoryList ws={ws} run={run} filters={filters} selected={trajectory} onSelect={selectTrajectory} onFilter={setFilter} />
      {!trajectory ? (
        <EmptyState testId="lessons-pick" icon={<ListChecks size={28} />} title="Pick a trajectory">
          Choose a trajectory on the left to see the lessons its analyst derived, next to the trace they cite.
        </EmptyState>
      ) : detail.isPending ? (
        <LessonsSkeleton />
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <LessonColumn data={detail.data} selectedId={selected?.id} editingId={editingId} step={step} canCurate={canCurate} ruleBased={ruleBased} busy={update.pending} conflict={update.conflict} actions={actions} />
      )}
      <div className="min-h-0" data-testid="lesson-trace">
        {trajectory && detail.data ? (
          <TraceViewer key={trajectory} ws={ws} trajectoryId={trajectory} stepCount={detail.data.trajectory.stepCount} markedSteps={marked} shortcuts={false} onActiveChange={setStep} />
        ) : trajectory && detail.isPending ? (
          <Skeleton className="h-full w-full" />
        ) : null}
      </div>
      <RejectDialog
        lesson={rejecting}
        busy={update.pending}
        onClose={() => setRejecting(undefined)}
        onReject={async (reason) => {
          const target = lessons.find((l) => l.id === rejecting?.id) ?? rejecting!;
          setRejecting(undefined);
          await update.save(target, { status: "rejected", ...(reason ? { rejectReason: reason } : {}) });
        }}
      />
    </div>
  );
}
