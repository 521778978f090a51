import { route } from "@/lib/http/route";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ workspace: access!.workspace, role: access!.role }),
});
