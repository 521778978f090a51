import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import type { TTrajectory } from "../../traces/model";
import { contentHashOf } from "./save-trajectories";

// The importer serialises the steps once and splices them into the hashed JSON: the hash must stay
// the one stored for every trajectory imported before (dedupe across releases depends on it).
test("content hash is sha256 of the JSON of {taskId, instruction, outcome, reward, model, steps}", () => {
  const steps = [{ index: 0, role: "user", kind: "message", text: "open sales.csv" }] as TTrajectory["steps"];
  const full = { taskId: "t1", instruction: "Fix it", outcome: "success", reward: 1, model: "m", steps } as TTrajectory;
  const sparse = { instruction: "", outcome: "unknown", steps: [] as TTrajectory["steps"] } as TTrajectory;
  for (const t of [full, sparse]) {
    const { taskId, instruction, outcome, reward, model } = t;
    const expected = createHash("sha256").update(JSON.stringify({ taskId, instruction, outcome, reward, model, steps: t.steps })).digest("hex");
    expect(contentHashOf(t)).toBe(expected);
  }
});
