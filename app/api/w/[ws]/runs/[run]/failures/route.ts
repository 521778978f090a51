import { route } from "@/lib/http/route";
import { findRun } from "@/lib/distill/run-detail";
import { listRunFailures, ZFailuresQuery } from "@/lib/distill/run-failures";
import { ZRunParams } from "../schema";

export const GET = route({
  access: "viewer",
  params: ZRunParams,
  query: ZFailuresQuery,
  handler: async ({ access, params, query }) => {
    await findRun(access!.workspace.id, params.run);
    return await listRunFailures(params.run, query);
  },
});
