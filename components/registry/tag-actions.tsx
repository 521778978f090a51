"use client";

import { useMutation } from "@tanstack/react-query";
import { Lock, LockOpen, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { hasRole, type TRole } from "@/lib/auth/roles";
import { apiFetch } from "@/lib/queries/api";
import { deprecatePath, tagPath } from "@/lib/queries/registry";
import type { TDistTagView } from "@/lib/registry/skills-store";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Input, Textarea } from "../ui/field";

// Dist-tags and deprecation of one version, with the actions the caller's role allows. The API
// enforces the same rules (a protected tag answers 403 to a publisher); the UI only hides what
// would fail and confirms what cannot be undone quietly.

type TProps = { ws: string; name: string; version: string; tags: readonly TDistTagView[]; role: TRole; deprecatedMessage: string | null };

function useAction() {
  const router = useRouter();
  return useMutation({
    mutationFn: (a: { path: string; method: string; body?: unknown; done: string }) => apiFetch(a.path, { method: a.method, body: a.body }).then(() => a.done),
    onSuccess: (done) => {
      toast.success(done);
      router.refresh();
    },
    onError: (e) => toast.error(e.message),
  });
}

export function TagActions({ ws, name, version, tags, role, deprecatedMessage }: TProps) {
  const action = useAction();
  const [newTag, setNewTag] = useState("");
  const [message, setMessage] = useState("");
  const canPublish = hasRole(role, "publisher");
  const isAdmin = hasRole(role, "admin");
  const move = (t: string, isProtected: boolean) => {
    if (isProtected && !window.confirm(`"${t}" is protected. Move it to ${name}@${version}? Everyone pulling ${name}@${t} gets this version from now on.`)) return;
    action.mutate({ path: tagPath(ws, name, t), method: "PUT", body: { version }, done: `${t} now points at ${version}` });
  };
  return (
    <div className="space-y-4" data-testid="tag-actions">
      <ul className="space-y-1.5">
        {tags.map((t) => (
          <li key={t.name} data-testid={`tag-${t.name}`} className="flex items-center gap-2 text-sm">
            <Badge tone={t.version === version ? "blue" : "slate"}>{t.name}</Badge>
            {t.protected ? <Lock size={12} className="text-amber-600" aria-label="protected" /> : null}
            <span className="font-mono text-xs text-slate-500">→ {t.version}</span>
            <span className="ml-auto flex gap-1">
              {canPublish && t.version !== version && t.name !== "latest" && (!t.protected || isAdmin) ? (
                <Button size="sm" variant="secondary" data-testid={`tag-move-${t.name}`} disabled={action.isPending} onClick={() => move(t.name, t.protected)}>
                  Move here
                </Button>
              ) : null}
              {isAdmin && t.name !== "latest" ? (
                <Button size="sm" variant="ghost" data-testid={`tag-protect-${t.name}`} title={t.protected ? "Unprotect" : "Protect: only admins may move or delete it"} disabled={action.isPending} onClick={() => action.mutate({ path: `${tagPath(ws, name, t.name)}/protection`, method: "PUT", body: { protected: !t.protected }, done: `${t.name} is ${t.protected ? "no longer" : "now"} protected` })}>
                  {t.protected ? <LockOpen size={13} /> : <Lock size={13} />}
                </Button>
              ) : null}
              {canPublish && t.name !== "latest" && (!t.protected || isAdmin) ? (
                <Button size="sm" variant="ghost" data-testid={`tag-delete-${t.name}`} title="Delete tag" disabled={action.isPending} onClick={() => window.confirm(`Delete the tag "${t.name}"? Pulls of ${name}@${t.name} will answer 404.`) && action.mutate({ path: tagPath(ws, name, t.name), method: "DELETE", done: `${t.name} deleted` })}>
                  <Trash2 size={13} />
                </Button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {canPublish ? (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const t = newTag.trim();
            if (!t) return;
            const existing = tags.find((x) => x.name === t);
            move(t, existing?.protected ?? false);
            setNewTag("");
          }}
        >
          <Input data-testid="tag-new-name" aria-label="Tag name" placeholder="stable, production…" value={newTag} onChange={(e) => setNewTag(e.target.value)} className="h-8 text-sm" />
          <Button size="sm" type="submit" data-testid="tag-new-submit" disabled={action.isPending || !newTag.trim()}>
            Tag {version}
          </Button>
        </form>
      ) : null}
      {canPublish ? (
        deprecatedMessage ? (
          <Button size="sm" variant="secondary" data-testid="undeprecate" disabled={action.isPending} onClick={() => action.mutate({ path: deprecatePath(ws, name, version), method: "DELETE", done: `${version} is no longer deprecated` })}>
            Undeprecate {version}
          </Button>
        ) : (
          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (window.confirm(`Deprecate ${name}@${version}? Pulls keep working but warn with your message.`)) action.mutate({ path: deprecatePath(ws, name, version), method: "PUT", body: { message }, done: `${version} deprecated` });
            }}
          >
            <Textarea data-testid="deprecate-message" aria-label="Deprecation message" rows={2} placeholder="Why, and what to use instead" value={message} onChange={(e) => setMessage(e.target.value)} className="text-sm" />
            <Button size="sm" variant="secondary" type="submit" data-testid="deprecate" disabled={action.isPending || !message.trim()}>
              Deprecate {version}
            </Button>
          </form>
        )
      ) : null}
    </div>
  );
}
