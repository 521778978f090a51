import { route } from "@/lib/http/route";
import { cancelRun } from "@/lib/distill/run-control";
import { ZRunParams } from "../schema";

export const POST = route({
  access: "curator",
  params: ZRunParams,
  handler: async ({ access, principal, params }) => await cancelRun(access!.workspace.id, principal, params.run),
});
