import type { ReactNode } from "react";

/** What a person sees when a list is empty: what this place is for and the next step to take. */
export function EmptyState({ icon, title, children, action, testId }: { icon?: ReactNode; title: string; children: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} className="flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
      {icon ? <div className="mb-3 text-slate-400">{icon}</div> : null}
      <h3 className="text-base font-semibold text-slate-900">{title}</h3>
      <div className="mt-1.5 max-w-xl text-sm text-slate-500">{children}</div>
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
