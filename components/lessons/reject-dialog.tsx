"use client";

import { useState } from "react";
import type { TLessonView } from "@/lib/review/lesson-schemas";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Textarea } from "../ui/field";

/** Rejecting leaves the lesson out of its trajectory's patch at the next re-merge; it can be restored. */
export function RejectDialog({ lesson, busy, onClose, onReject }: { lesson: TLessonView | undefined; busy: boolean; onClose: () => void; onReject: (reason: string) => void }) {
  return (
    <Dialog open={Boolean(lesson)} onOpenChange={(o) => !o && onClose()} title="Reject this lesson?" description="It stays visible here, struck through, and is left out when this trajectory's patch is merged again. You can restore it later." testId="reject-dialog">
      {lesson ? <RejectForm key={lesson.id} lesson={lesson} busy={busy} onClose={onClose} onReject={onReject} /> : null}
    </Dialog>
  );
}

function RejectForm({ lesson, busy, onClose, onReject }: { lesson: TLessonView; busy: boolean; onClose: () => void; onReject: (reason: string) => void }) {
  const [reason, setReason] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onReject(reason.trim());
      }}
    >
      <p className="mb-2 text-sm font-medium text-slate-800">{lesson.title}</p>
      <label htmlFor="reject-reason" className="mb-1 block text-sm text-slate-600">
        Reason (optional, kept in the audit log)
      </label>
      <Textarea id="reject-reason" data-testid="reject-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} autoFocus />
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" type="submit" disabled={busy} data-testid="reject-confirm">
          Reject lesson
        </Button>
      </div>
    </form>
  );
}
