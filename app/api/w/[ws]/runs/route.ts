import { route } from "@/lib/http/route";
import { listRuns } from "@/lib/distill/list-runs";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ runs: await listRuns(access!.workspace.id) }),
});
