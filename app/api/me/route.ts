import { route } from "@/lib/http/route";
import { listWorkspacesForUser } from "@/lib/workspaces/workspaces";

export const GET = route({
  access: "signed_in",
  handler: async ({ principal }) => {
    if (principal?.kind !== "user") return undefined;
    return { user: { id: principal.userId, email: principal.email, name: principal.name }, workspaces: await listWorkspacesForUser(principal.userId) };
  },
});
