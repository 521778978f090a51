import { route } from "@/lib/http/route";
import { bulkDecide, ZBulkDecision } from "@/lib/review/decide";
import { ZRunParams } from "../../schema";

export const POST = route({
  access: "curator",
  params: ZRunParams,
  body: ZBulkDecision,
  handler: async ({ access, principal, params, body }) => bulkDecide(access!.workspace.id, params.run, body, principal),
});
