import { enqueue } from "../jobs/boss";
import { distillRun } from "../jobs/definitions";
import type { TStartRun } from "./create-run";

// The web tier's way to start (or resume) a run: one distill-run job per run at a time, so a
// double click or a retry while the job is still queued never drives the same run twice.
export const enqueueRun: TStartRun = async (runId) => {
  await enqueue(distillRun, { runId }, { singletonKey: runId });
};
