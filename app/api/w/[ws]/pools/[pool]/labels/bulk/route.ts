import { z } from "zod";
import { route } from "@/lib/http/route";
import { bulkSetLabels, ZBulkLabel } from "@/lib/pools/labels";

// Body: {filter: <the trajectory table's filters>, outcome?, reward?} or {filter, revert: true}.
export const POST = route({
  access: "curator",
  params: z.object({ ws: z.string(), pool: z.string().min(1) }),
  body: ZBulkLabel,
  handler: async ({ access, params, body, principal }) => {
    const { filter, ...change } = body;
    return bulkSetLabels(access!.workspace.id, params.pool, filter, change, principal);
  },
});
