import { route } from "@/lib/http/route";
import { REGISTRY_OPENAPI } from "@/lib/registry/openapi";

export const GET = route({
  access: "public",
  handler: async () => Response.json(REGISTRY_OPENAPI, { headers: { "cache-control": "public, max-age=300" } }),
});
