import { route } from "@/lib/http/route";
import { createRun } from "@/lib/distill/create-run";
import { enqueueRun } from "@/lib/distill/enqueue-run";
import { listRuns } from "@/lib/distill/list-runs";
import { ZCreateRun } from "@/lib/distill/run-config";
import { llmFromEnv } from "@/lib/llm/from-env";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ runs: await listRuns(access!.workspace.id) }),
});

// The LLM is read here only to record which models the run will use (or "rule-based"); the
// worker that drives the run builds its own client.
export const POST = route({
  access: "curator",
  body: ZCreateRun,
  status: 201,
  handler: async ({ access, principal, body }) => ({ run: await createRun(access!.workspace.id, principal, body, { llm: llmFromEnv(), start: enqueueRun }) }),
});
