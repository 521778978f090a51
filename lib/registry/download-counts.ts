import { db } from "../db/client";
import { processWide } from "../ttl-cache";

// Archive pulls are counted in memory and written in batches: one UPDATE … + n per version a second
// at most, off the response path, so a burst of pulls of one version never queues on its row lock.

const FLUSH_MS = 1_000;
/** One tally per process, whichever copy of this module (Next's or the fast path's) counts. */
const state = processWide("registry.downloads", () => ({ pending: new Map<string, number>(), timer: undefined as NodeJS.Timeout | undefined }));
const pending = state.pending;

export function countDownload(versionId: string): void {
  pending.set(versionId, (pending.get(versionId) ?? 0) + 1);
  if (!state.timer) {
    state.timer = setTimeout(() => void flushDownloadCounts().catch(() => undefined), FLUSH_MS);
    state.timer.unref();
  }
}

/** Writes the counted pulls now (tests, shutdown); a failed write puts its count back. */
export async function flushDownloadCounts(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  const batch = [...pending];
  pending.clear();
  for (const [id, n] of batch) {
    try {
      await db().$executeRaw`UPDATE skill_versions SET "downloadCount" = "downloadCount" + ${n} WHERE id = ${id}`;
    } catch (e) {
      pending.set(id, (pending.get(id) ?? 0) + n);
      throw e;
    }
  }
}
