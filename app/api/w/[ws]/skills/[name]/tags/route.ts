import { route } from "@/lib/http/route";
import { listTags } from "@/lib/registry/tags";
import { ZSkillParams } from "../schema";

export const GET = route({
  access: "viewer",
  params: ZSkillParams,
  handler: async ({ access, params }) => ({ tags: await listTags(access!.workspace.id, params.name) }),
});
