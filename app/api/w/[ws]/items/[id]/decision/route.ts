import { route } from "@/lib/http/route";
import { decideItem, ZDecision } from "@/lib/review/decide";
import { ZItemParams } from "../schema";

export const POST = route({
  access: "curator",
  params: ZItemParams,
  body: ZDecision,
  handler: async ({ access, principal, params, body }) => ({ item: await decideItem(access!.workspace.id, params.id, body, principal) }),
});
