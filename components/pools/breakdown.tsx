import Link from "next/link";

/** A ranked list with bars: format / model / harness counts, each linking to the filtered table. */
export function Breakdown({ title, rows, total, hrefFor, testId }: { title: string; rows: { key: string; count: number }[]; total: number; hrefFor: (key: string) => string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {rows.length === 0 ? <p className="text-sm text-slate-400">—</p> : null}
      <ul className="space-y-1.5">
        {rows.slice(0, 8).map((r) => (
          <li key={r.key} className="text-sm">
            <Link href={hrefFor(r.key)} className="flex justify-between gap-2 hover:text-brand-700">
              <span className="truncate">{r.key}</span>
              <span className="tabular-nums text-slate-500">{r.count.toLocaleString()}</span>
            </Link>
            <div className="mt-0.5 h-1 rounded bg-slate-100">
              <div className="h-1 rounded bg-brand-500/70" style={{ width: `${total ? Math.max(2, (100 * r.count) / total) : 0}%` }} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
