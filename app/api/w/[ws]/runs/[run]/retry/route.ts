import { route } from "@/lib/http/route";
import { enqueueRun } from "@/lib/distill/enqueue-run";
import { retryFailedItems } from "@/lib/distill/run-control";
import { ZRunParams } from "../schema";

export const POST = route({
  access: "curator",
  params: ZRunParams,
  handler: async ({ access, principal, params }) => await retryFailedItems(access!.workspace.id, principal, params.run, { start: enqueueRun }),
});
