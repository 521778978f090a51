import { route } from "@/lib/http/route";
import { baseUrl } from "@/lib/env";
import { createInvitation, listInvitations, ZCreateInvitation } from "@/lib/workspaces/invitations";

export const GET = route({
  access: "admin",
  handler: async ({ access }) => ({ invitations: await listInvitations(access!.workspace.id) }),
});

// The link is returned once; only its hash is stored.
export const POST = route({
  access: "admin",
  body: ZCreateInvitation,
  status: 201,
  handler: async ({ access, principal, body }) => {
    const { token, invitation } = await createInvitation(access!.workspace.id, principal!, body);
    return { invitation, url: `${baseUrl()}/invite?token=${encodeURIComponent(token)}` };
  },
});
