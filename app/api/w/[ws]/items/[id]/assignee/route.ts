import { route } from "@/lib/http/route";
import { assignItem, ZAssign } from "@/lib/review/decide";
import { ZItemParams } from "../schema";

export const PATCH = route({
  access: "curator",
  params: ZItemParams,
  body: ZAssign,
  handler: async ({ access, principal, params, body }) => ({ item: await assignItem(access!.workspace.id, params.id, body, principal) }),
});
