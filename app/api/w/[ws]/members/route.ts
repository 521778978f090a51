import { route } from "@/lib/http/route";
import { addMember, listMembers, ZAddMember } from "@/lib/workspaces/members";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ members: await listMembers(access!.workspace.id) }),
});

export const POST = route({
  access: "admin",
  body: ZAddMember,
  status: 201,
  handler: async ({ access, principal, body }) => ({ member: await addMember(access!.workspace.id, principal!, body) }),
});
