"use client";

import { Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { TCatalogueEntry } from "@/lib/registry/catalogue";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { Input } from "../ui/field";
import { Time } from "../ui/time";
import { PullInstructions } from "./pull-instructions";

// The published catalogue, searchable by name and description (?q= in the URL), each skill with
// its tags, latest version, downloads and the exact commands to pull it.

function matches(e: TCatalogueEntry, q: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${e.name} ${e.description} ${e.tags.join(" ")}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function RegistryList({ ws, entries, baseUrl, isPublic }: { ws: string; entries: TCatalogueEntry[]; baseUrl: string; isPublic: boolean }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState(params.get("q") ?? "");
  const shown = entries.filter((e) => matches(e, q));
  return (
    <div className="space-y-3">
      <div className="relative max-w-md">
        <Search size={14} className="absolute left-2.5 top-2.5 text-slate-400" />
        <Input
          data-testid="registry-search"
          aria-label="Search skills"
          placeholder="Search by name, description or tag"
          className="pl-8"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            router.replace(e.target.value ? `${pathname}?q=${encodeURIComponent(e.target.value)}` : pathname, { scroll: false });
          }}
        />
      </div>
      {shown.length === 0 ? <p className="text-sm text-slate-500" data-testid="registry-no-match">No published skill matches “{q}”.</p> : null}
      {shown.map((e) => (
        <Card key={e.name} data-testid="registry-entry" className="grid gap-4 p-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
          <div className="min-w-0 space-y-1.5">
            <div className="flex items-center gap-2">
              <Link data-testid={`registry-open-${e.name}`} href={`/w/${ws}/registry/${e.name}/${e.latest ?? "latest"}`} className="text-base font-semibold text-slate-900 hover:underline">
                {e.name}
              </Link>
              {e.latest ? <Badge tone="blue">{e.latest}</Badge> : null}
            </div>
            <p className="text-sm text-slate-600">{e.description}</p>
            <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
              {e.tags.map((t) => (
                <Badge key={t}>{t}</Badge>
              ))}
              <span>
                · {e.versions} version{e.versions === 1 ? "" : "s"} · {e.downloads} downloads · published <Time iso={e.publishedAt} />
              </span>
            </div>
          </div>
          <PullInstructions baseUrl={baseUrl} ws={ws} name={e.name} ref={e.latest ?? "latest"} isPublic={isPublic} />
        </Card>
      ))}
    </div>
  );
}
