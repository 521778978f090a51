import { z } from "zod";
import { route } from "@/lib/http/route";
import { getPoolOverview } from "@/lib/pools/overview";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), pool: z.string().min(1) }),
  handler: async ({ access, params }) => ({ pool: await getPoolOverview(access!.workspace.id, params.pool) }),
});
