import { route } from "@/lib/http/route";
import { getSkillDetail } from "@/lib/registry/skills-store";
import { ZSkillParams } from "./schema";

export const GET = route({
  access: "viewer",
  params: ZSkillParams,
  handler: async ({ access, params }) => ({ skill: await getSkillDetail(access!.workspace.id, params.name) }),
});
