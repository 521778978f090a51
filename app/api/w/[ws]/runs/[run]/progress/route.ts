import { route } from "@/lib/http/route";
import { findRun } from "@/lib/distill/run-detail";
import { getRunProgress } from "@/lib/distill/run-progress";
import { ZRunParams } from "../schema";

export const dynamic = "force-dynamic";

export const GET = route({
  access: "viewer",
  params: ZRunParams,
  handler: async ({ access, params }) => {
    await findRun(access!.workspace.id, params.run);
    return { progress: await getRunProgress(params.run) };
  },
});
