import { db } from "../db/client";

// Archive pulls are counted in memory and written in batches: one UPDATE … + n per version a second
// at most, off the response path, so a burst of pulls of one version never queues on its row lock.

const FLUSH_MS = 1_000;
const pending = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;

export function countDownload(versionId: string): void {
  pending.set(versionId, (pending.get(versionId) ?? 0) + 1);
  if (!timer) {
    timer = setTimeout(() => void flushDownloadCounts().catch(() => undefined), FLUSH_MS);
    timer.unref();
  }
}

/** Writes the counted pulls now (tests, shutdown); a failed write puts its count back. */
export async function flushDownloadCounts(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
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
