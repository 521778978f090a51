import Link from "next/link";
import { cn } from "../ui/cn";

export function PoolTabs({ ws, pool, current }: { ws: string; pool: string; current: "overview" | "trajectories" }) {
  const base = `/w/${ws}/pools/${encodeURIComponent(pool)}`;
  const tabs = [
    { id: "overview", label: "Overview", href: base },
    { id: "trajectories", label: "Trajectories", href: `${base}/trajectories` },
  ] as const;
  return (
    <nav className="mb-5 flex gap-1 border-b border-slate-200" aria-label="Pool sections">
      {tabs.map((t) => (
        <Link key={t.id} href={t.href} data-testid={`pool-tab-${t.id}`} aria-current={t.id === current ? "page" : undefined} className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", t.id === current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800")}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
