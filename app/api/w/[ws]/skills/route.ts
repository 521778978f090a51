import { route } from "@/lib/http/route";
import { listSkills } from "@/lib/skills/list";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ skills: await listSkills(access!.workspace.id) }),
});
