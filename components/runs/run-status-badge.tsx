import { Badge } from "../ui/badge";

const STATUS_TONE = { queued: "slate", running: "blue", succeeded: "green", failed: "red", cancelled: "amber" } as const;

export function RunStatusBadge({ status, stage, testId }: { status: string; stage?: string; testId?: string }) {
  const label = status === "cancelled" && stage === "budget" ? "stopped at budget" : status;
  return (
    <span data-testid={testId} data-status={status}>
      <Badge tone={STATUS_TONE[status as keyof typeof STATUS_TONE] ?? "slate"}>{label}</Badge>
    </span>
  );
}

/** "1m 05s", "2h 03m" — durations of runs, not clocks. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "—";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
