import type { TParseOptions } from "../format";
import type { TTrajectory } from "../model";
import { finishTrajectory, outcomeFromReward, StepBuilder } from "../normalize";
import { asRecord, FieldError, isRecord, num, str, uniquifyCallIds, type TRecord } from "./api-shared";
import { addMessages } from "./openai-chat-map";

// tau-bench result records (doc §A1): `{task_id, reward, info: {task: {instruction, user_id,
// actions, outputs}, reward_info, source, user_cost | error, traceback}, traj, trial}`. The `user`
// turns are an LLM user simulator, so the instruction is the task's, not the first user message.

export function isTauBenchRecord(v: unknown): v is TRecord {
  return isRecord(v) && "task_id" in v && Array.isArray(v.traj) && ("reward" in v || "trial" in v);
}

/** One record as a trajectory; `seen` keeps externalIds unique when a file repeats a task and trial. */
export function mapTauBenchRecord(rec: TRecord, index: number, seen: Set<string>, opts: TParseOptions): TTrajectory {
  if (rec.task_id === undefined || rec.task_id === null) throw new FieldError("task_id", "tau-bench record has no task_id");
  if (!Array.isArray(rec.traj)) throw new FieldError("traj", "tau-bench record has no traj message list");
  const info = asRecord(rec.info);
  const task = asRecord(info.task);
  const b = new StepBuilder();
  addMessages(b, rec.traj, "traj");
  // A crashed run has an empty traj and the harness's exception instead.
  const error = str(info.error);
  if (error) b.add({ role: "system", kind: "error", text: [error, str(info.traceback)].filter(Boolean).join("\n\n"), isError: true });

  const reward = num(rec.reward) ?? num(asRecord(info.reward_info).reward);
  const taskId = String(rec.task_id);
  const trial = num(rec.trial);
  let externalId = `${taskId}/${trial ?? index}`;
  if (seen.has(externalId)) externalId = `${externalId}#${index}`;
  seen.add(externalId);

  const rewardInfo = asRecord(info.reward_info);
  const metadata: TRecord = { trial, userId: str(task.user_id), userSource: str(info.source), userCost: num(info.user_cost) };
  if (isRecord(rewardInfo.info)) metadata.rewardInfo = rewardInfo.info;
  if (Array.isArray(task.actions)) metadata.expectedActions = task.actions;
  if (Array.isArray(task.outputs) && task.outputs.length) metadata.expectedOutputs = task.outputs;
  if (error) metadata.error = error;
  const renamed = uniquifyCallIds(b.steps);
  if (renamed) metadata.reusedCallIds = renamed;

  return finishTrajectory({
    externalId,
    taskId,
    instruction: str(task.instruction) ?? "",
    outcome: outcomeFromReward(reward, opts.successThreshold),
    reward,
    harness: "tau-bench",
    steps: b.steps,
    metadata: Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)),
  });
}
