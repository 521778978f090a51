"use client";

import { Lock, Tag } from "lucide-react";
import type { TDistTagView, TVersionView } from "@/lib/registry/skills-store";
import { Badge } from "../ui/badge";
import { Card, CardHeader } from "../ui/card";
import { cn } from "../ui/cn";
import { Time } from "../ui/time";
import { LintBadge } from "./lint-badge";

export function DistTagsCard({ tags }: { tags: readonly TDistTagView[] }) {
  return (
    <Card data-testid="dist-tags">
      <CardHeader title="Dist-tags" description="Movable names agents pull by, e.g. name@latest." />
      <ul className="divide-y divide-slate-100 text-sm">
        {tags.map((t) => (
          <li key={t.name} data-testid={`dist-tag-${t.name}`} className="flex items-center gap-2 px-5 py-2">
            <Tag size={13} className="text-slate-400" />
            <span className="font-medium text-slate-800">{t.name}</span>
            {t.protected ? <Lock size={12} className="text-slate-400" aria-label="protected" /> : null}
            <Badge tone="blue" className="ml-auto">
              {t.version}
            </Badge>
          </li>
        ))}
      </ul>
    </Card>
  );
}

const ORIGIN: Record<string, string> = { created: "created", imported: "imported" };

/** Versions newest first, each with its changelog: the skill's history. */
export function ChangelogCard({ versions, current, onPick }: { versions: readonly TVersionView[]; current: string; onPick: (version: string) => void }) {
  return (
    <Card data-testid="changelog">
      <CardHeader title="Changelog" description="Versions are immutable: a number is never reused or changed." />
      <ol className="max-h-96 divide-y divide-slate-100 overflow-auto">
        {versions.map((v) => (
          <li key={v.id} className={cn("px-5 py-3 text-sm", v.version === current ? "bg-brand-50/60" : "")}>
            <div className="flex flex-wrap items-center gap-2">
              <button type="button" data-testid={`changelog-version-${v.version}`} onClick={() => onPick(v.version)} className="font-mono font-semibold text-brand-700 hover:underline">
                {v.version}
              </button>
              {v.origin ? <Badge>{ORIGIN[v.origin] ?? v.origin}</Badge> : null}
              <LintBadge lint={v.lint} />
              <span className="ml-auto text-xs text-slate-500">
                <Time iso={v.publishedAt} />
                {v.publishedBy ? ` · ${v.publishedBy}` : ""}
              </span>
            </div>
            {v.deprecatedMessage ? <p className="mt-1 text-xs text-amber-700">Deprecated: {v.deprecatedMessage}</p> : null}
            <p className="mt-1 whitespace-pre-wrap text-slate-600">{v.changelog || "No changelog."}</p>
          </li>
        ))}
      </ol>
    </Card>
  );
}
