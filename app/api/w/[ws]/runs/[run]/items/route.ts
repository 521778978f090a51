import { route } from "@/lib/http/route";
import { listItems, ZItemFilter } from "@/lib/review/items";
import { ZRunParams } from "../schema";

export const GET = route({
  access: "viewer",
  params: ZRunParams,
  query: ZItemFilter,
  handler: async ({ access, params, query }) => listItems(access!.workspace.id, params.run, query),
});
