"use client";

import { AlertTriangle, CheckCircle2, XCircle } from "lucide-react";
import type { TLintFinding } from "@/lib/skills/lint";
import { Card, CardHeader } from "../ui/card";

export function LintPanel({ findings, onReveal }: { findings: readonly TLintFinding[]; onReveal: (f: TLintFinding) => void }) {
  const errors = findings.filter((f) => f.severity === "error").length;
  return (
    <Card data-testid="lint-panel">
      <CardHeader title="Lint" description={findings.length ? `${errors} error${errors === 1 ? "" : "s"}, ${findings.length - errors} warning${findings.length - errors === 1 ? "" : "s"} (Agent Skills rules). Errors block publishing.` : undefined} />
      {findings.length === 0 ? (
        <p data-testid="lint-clean" className="flex items-center gap-2 px-5 py-4 text-sm text-emerald-700">
          <CheckCircle2 size={16} /> No findings: this version follows the Agent Skills rules.
        </p>
      ) : (
        <ul className="max-h-80 divide-y divide-slate-100 overflow-auto">
          {findings.map((f, i) => (
            <li key={i}>
              <button type="button" data-testid="lint-finding" data-rule={f.rule} data-file={f.file} data-line={f.line} onClick={() => onReveal(f)} className="flex w-full gap-2 px-5 py-2.5 text-left text-sm hover:bg-slate-50">
                {f.severity === "error" ? <XCircle size={15} className="mt-0.5 shrink-0 text-red-600" /> : <AlertTriangle size={15} className="mt-0.5 shrink-0 text-amber-600" />}
                <span className="min-w-0">
                  <span className="block font-mono text-xs text-slate-500">
                    {f.file}:{f.line} · {f.rule}
                  </span>
                  <span className="block text-slate-800">{f.message}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
