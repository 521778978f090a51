import { route } from "@/lib/http/route";
import { createPool, listPools, ZCreatePool } from "@/lib/pools/pools";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ pools: await listPools(access!.workspace.id) }),
});

export const POST = route({
  access: "curator",
  body: ZCreatePool,
  status: 201,
  handler: async ({ access, principal, body }) => ({ pool: await createPool(access!.workspace.id, principal!, body) }),
});
