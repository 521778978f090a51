import { route } from "@/lib/http/route";
import { enqueueRun } from "@/lib/distill/enqueue-run";
import { requestRemerge } from "@/lib/review/remerge";
import { ZRunParams } from "../schema";

export const POST = route({
  access: "curator",
  params: ZRunParams,
  status: 202,
  handler: async ({ access, principal, params }) => requestRemerge(access!.workspace.id, params.run, principal, enqueueRun),
});
