import { z } from "zod";
import { route } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/workspaces/api-keys";

export const DELETE = route({
  access: "admin",
  params: z.object({ ws: z.string(), keyId: z.string().min(1) }),
  handler: async ({ access, principal, params }) => ({ apiKey: await revokeApiKey(access!.workspace.id, params.keyId, principal!) }),
});
