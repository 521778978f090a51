import { route } from "@/lib/http/route";
import { createWorkspace, listWorkspacesForUser, ZCreateWorkspace } from "@/lib/workspaces/workspaces";

export const GET = route({
  access: "signed_in",
  handler: async ({ principal }) => ({ workspaces: principal?.kind === "user" ? await listWorkspacesForUser(principal.userId) : [] }),
});

export const POST = route({
  access: "signed_in",
  body: ZCreateWorkspace,
  status: 201,
  handler: async ({ principal, body }) => ({ workspace: await createWorkspace(principal!, body) }),
});
