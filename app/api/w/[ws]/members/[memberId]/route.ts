import { z } from "zod";
import { route } from "@/lib/http/route";
import { removeMember, updateMemberRole, ZUpdateMember } from "@/lib/workspaces/members";

const ZParams = z.object({ ws: z.string(), memberId: z.string().min(1) });

export const PATCH = route({
  access: "admin",
  params: ZParams,
  body: ZUpdateMember,
  handler: async ({ access, principal, params, body }) => ({ member: await updateMemberRole(access!.workspace.id, params.memberId, principal!, body.role) }),
});

export const DELETE = route({
  access: "admin",
  params: ZParams,
  handler: async ({ access, principal, params }) => {
    await removeMember(access!.workspace.id, params.memberId, principal!);
  },
});
