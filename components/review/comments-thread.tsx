"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { commentsQuery, postComment, reviewKeys } from "@/lib/queries/review";
import { Button } from "../ui/button";
import { Textarea } from "../ui/field";
import { Skeleton } from "../ui/skeleton";
import { Time } from "../ui/time";

// Threads one level deep: root comments with their replies; bodies are untrusted and shown as text.

export function CommentsThread({ ws, runId, itemId, canCurate }: { ws: string; runId: string; itemId: string; canCurate: boolean }) {
  const q = useQuery(commentsQuery(ws, itemId));
  const roots = q.data?.comments.filter((c) => !c.parentId) ?? [];
  return (
    <section data-testid="comments">
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Comments ({q.data?.comments.length ?? "…"})</h3>
      {q.isPending ? <Skeleton className="h-10 w-full" /> : null}
      <ul className="space-y-3">
        {roots.map((c) => (
          <li key={c.id} data-testid="comment">
            <CommentBody name={c.authorName} at={c.createdAt} body={c.body} />
            <ul className="ml-3 mt-1 space-y-1 border-l border-slate-200 pl-2">
              {q.data!.comments
                .filter((r) => r.parentId === c.id)
                .map((r) => (
                  <li key={r.id} data-testid="comment-reply">
                    <CommentBody name={r.authorName} at={r.createdAt} body={r.body} />
                  </li>
                ))}
            </ul>
            {canCurate ? <CommentForm ws={ws} runId={runId} itemId={itemId} parentId={c.id} compact /> : null}
          </li>
        ))}
      </ul>
      {canCurate ? <CommentForm ws={ws} runId={runId} itemId={itemId} /> : roots.length ? null : <p className="text-xs text-slate-500">No comments.</p>}
    </section>
  );
}

function CommentBody({ name, at, body }: { name: string; at: string; body: string }) {
  return (
    <div className="text-xs">
      <span className="font-medium text-slate-800">{name}</span> <span className="text-slate-400"><Time iso={at} /></span>
      <p className="mt-0.5 whitespace-pre-wrap text-slate-700">{body}</p>
    </div>
  );
}

function CommentForm({ ws, runId, itemId, parentId, compact = false }: { ws: string; runId: string; itemId: string; parentId?: string; compact?: boolean }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(!compact);
  const [body, setBody] = useState("");
  const m = useMutation({
    mutationFn: () => postComment(ws, itemId, body.trim(), parentId),
    onSuccess: () => {
      setBody("");
      if (compact) setOpen(false);
      toast.success(parentId ? "Reply posted." : "Comment posted.");
      qc.invalidateQueries({ queryKey: reviewKeys.comments(ws, itemId) });
      qc.invalidateQueries({ queryKey: reviewKeys.run(ws, runId) });
    },
    onError: (e) => toast.error(e.message),
  });
  if (!open)
    return (
      <button type="button" className="mt-1 text-xs text-brand-700 hover:underline" data-testid="comment-reply-open" onClick={() => setOpen(true)}>
        Reply
      </button>
    );
  return (
    <form
      className="mt-2 space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) m.mutate();
      }}
    >
      <Textarea aria-label={parentId ? "Reply" : "Comment"} data-testid={parentId ? "comment-reply-body" : "comment-body"} rows={2} value={body} onChange={(e) => setBody(e.target.value)} placeholder={parentId ? "Reply…" : "Add a comment…"} className="text-xs" />
      <Button type="submit" size="sm" variant="secondary" className="h-7 text-xs" data-testid={parentId ? "comment-reply-submit" : "comment-submit"} disabled={m.isPending || !body.trim()}>
        {parentId ? "Reply" : "Comment"}
      </Button>
    </form>
  );
}
