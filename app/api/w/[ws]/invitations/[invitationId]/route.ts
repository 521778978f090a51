import { z } from "zod";
import { route } from "@/lib/http/route";
import { revokeInvitation } from "@/lib/workspaces/invitations";

export const DELETE = route({
  access: "admin",
  params: z.object({ ws: z.string(), invitationId: z.string().min(1) }),
  handler: async ({ access, principal, params }) => {
    await revokeInvitation(access!.workspace.id, params.invitationId, principal!);
  },
});
