import { z } from "zod";
import { route } from "@/lib/http/route";
import { listTrajectories, ZTrajectoryFilters } from "@/lib/pools/trajectory-list";

export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), pool: z.string().min(1) }),
  query: ZTrajectoryFilters,
  handler: async ({ access, params, query }) => listTrajectories(access!.workspace.id, params.pool, query),
});
