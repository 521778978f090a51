// How full the C slots were, seen from the fake LLM: each answered request holds a slot from its
// arrival to its answer. The gap to 100 % is time the engine spent between an answer and the next
// request (reading, committing, building it) and stretches where the schedule had less than C
// calls ready (the merge levels' tail). bench:distill prints it next to the ideal critical path.

export type TServedCall = { role?: string; /** ms from the run's start */ at: number; servedMs?: number };

export type TSlotUse = {
  /** Slot-time in use over C × wall time, 0…1. */
  overall: number;
  /** Per role (analyst, mapper, merger, …): first arrival and last answer, ms from the run's start. */
  windows: { role: string; calls: number; from: number; to: number }[];
  /** Slot use within the window from the first analyst arrival to the last map answer, 0…1. */
  pipeline: number | undefined;
};

/** Slot-ms in use within [from, to). */
function busyWithin(calls: TServedCall[], from: number, to: number): number {
  let busy = 0;
  for (const c of calls) {
    if (c.servedMs === undefined) continue;
    busy += Math.max(0, Math.min(to, c.at + c.servedMs) - Math.max(from, c.at));
  }
  return busy;
}

export function slotUse(calls: TServedCall[], c: number, wallMs: number): TSlotUse {
  const byRole = new Map<string, { role: string; calls: number; from: number; to: number }>();
  for (const call of calls) {
    const role = call.role ?? "other";
    const w = byRole.get(role) ?? { role, calls: 0, from: Infinity, to: -Infinity };
    w.calls++;
    w.from = Math.min(w.from, call.at);
    w.to = Math.max(w.to, call.at + (call.servedMs ?? 0));
    byRole.set(role, w);
  }
  const windows = [...byRole.values()].sort((a, b) => a.from - b.from);
  const analyst = byRole.get("analyst");
  const mapper = byRole.get("mapper");
  const pipeline = analyst && mapper ? busyWithin(calls, analyst.from, mapper.to) / (c * Math.max(1, mapper.to - analyst.from)) : undefined;
  return { overall: wallMs > 0 ? busyWithin(calls, 0, wallMs) / (c * wallMs) : 0, windows, pipeline };
}
