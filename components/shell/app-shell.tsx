"use client";

import { BookOpen, ClipboardCheck, Database, Library, PlayCircle, Settings } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import type { TRole } from "@/lib/auth/roles";
import type { TWorkspaceSummary } from "@/lib/workspaces/workspaces";
import { cn } from "../ui/cn";
import { isTypingTarget, NAV_SHORTCUTS } from "./shortcuts";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

const NAV = [
  { section: "pools", label: "Pools", icon: Database },
  { section: "runs", label: "Runs", icon: PlayCircle },
  { section: "review", label: "Review", icon: ClipboardCheck },
  { section: "skills", label: "Skills", icon: BookOpen },
  { section: "registry", label: "Registry", icon: Library },
  { section: "settings", label: "Settings", icon: Settings },
] as const;

export function AppShell({ ws, role, workspaces, user, children }: { ws: { slug: string; name: string }; role: TRole; workspaces: TWorkspaceSummary[]; user: { name: string; email: string }; children: ReactNode }) {
  const pathname = usePathname();
  const router = useRouter();

  // "g" then a letter jumps between sections, like in mail clients.
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === "g" && !pendingG) {
        pendingG = window.setTimeout(() => (pendingG = 0), 1200);
        return;
      }
      if (pendingG) {
        const hit = NAV_SHORTCUTS.find((s) => s.keys === `g ${e.key}`);
        window.clearTimeout(pendingG);
        pendingG = 0;
        if (hit) {
          e.preventDefault();
          router.push(`/w/${ws.slug}/${hit.section}`);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, ws.slug]);

  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 flex h-screen w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="flex h-14 items-center gap-2 border-b border-slate-100 px-4">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/favicon.svg" alt="" className="h-6 w-6" />
          <span className="text-sm font-semibold tracking-tight">Trace2Skill Studio</span>
        </div>
        <div className="px-3 pt-3">
          <WorkspaceSwitcher current={ws} workspaces={workspaces} />
        </div>
        <nav aria-label="Sections" className="flex-1 space-y-0.5 px-3 py-3">
          {NAV.map(({ section, label, icon: Icon }) => {
            const href = `/w/${ws.slug}/${section}`;
            const active = pathname === href || pathname.startsWith(`${href}/`);
            return (
              <Link
                key={section}
                href={href}
                data-testid={`nav-${section}`}
                aria-current={active ? "page" : undefined}
                className={cn("flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium", active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900")}
              >
                <Icon size={16} aria-hidden />
                {label}
              </Link>
            );
          })}
        </nav>
        <div className="border-t border-slate-100 p-3">
          <UserMenu user={user} role={role} />
          <p className="mt-2 px-1 text-[11px] text-slate-400">
            Press <kbd className="font-mono">?</kbd> for shortcuts
          </p>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-7">{children}</main>
    </div>
  );
}
