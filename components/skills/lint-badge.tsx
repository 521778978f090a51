import type { TLintState } from "@/lib/registry/skills-store";
import { Badge } from "../ui/badge";

/** The lint state of a version at a glance: errors block publishing, warnings are advice. */
export function LintBadge({ lint, testId }: { lint: TLintState; testId?: string }) {
  if (!lint) return <span className="text-xs text-slate-400">not linted</span>;
  const tone = lint.errors ? "red" : lint.warnings ? "amber" : "green";
  const text = lint.errors ? `${lint.errors} error${lint.errors > 1 ? "s" : ""}` : lint.warnings ? `${lint.warnings} warning${lint.warnings > 1 ? "s" : ""}` : "clean";
  return (
    <span data-testid={testId} data-errors={lint.errors} data-warnings={lint.warnings}>
      <Badge tone={tone}>{text}</Badge>
    </span>
  );
}
