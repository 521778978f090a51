import { route } from "@/lib/http/route";
import { getItemDetail } from "@/lib/review/item-detail";
import { ZItemParams } from "./schema";

export const GET = route({
  access: "viewer",
  params: ZItemParams,
  handler: async ({ access, params }) => getItemDetail(access!.workspace.id, params.id),
});
