import { route } from "@/lib/http/route";
import { getRunDetail } from "@/lib/distill/run-detail";
import { ZRunParams } from "./schema";

export const GET = route({
  access: "viewer",
  params: ZRunParams,
  handler: async ({ access, params }) => ({ run: await getRunDetail(access!.workspace.id, params.run) }),
});
