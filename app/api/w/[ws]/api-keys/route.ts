import { route } from "@/lib/http/route";
import { createApiKey, listApiKeys, ZCreateApiKey } from "@/lib/workspaces/api-keys";

export const GET = route({
  access: "admin",
  handler: async ({ access }) => ({ apiKeys: await listApiKeys(access!.workspace.id) }),
});

// The secret is in this response only; the database keeps its hash.
export const POST = route({
  access: "admin",
  body: ZCreateApiKey,
  status: 201,
  handler: async ({ access, principal, body }) => createApiKey(access!.workspace.id, principal!, access!.role, body),
});
