import { z } from "zod";
import { route } from "@/lib/http/route";
import { acceptInvitation, describeInvitation, ZAcceptInvitation } from "@/lib/workspaces/invitations";

// Public by design: the random token in the link is the credential (invitation or one-time setup).
export const GET = route({
  access: "public",
  query: z.object({ token: z.string().min(10).max(200) }),
  handler: async ({ query }) => ({ invitation: await describeInvitation(query.token) }),
});

export const POST = route({
  access: "public",
  body: ZAcceptInvitation,
  handler: async ({ body }) => acceptInvitation(body),
});
