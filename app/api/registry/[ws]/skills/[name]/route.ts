import { route } from "@/lib/http/route";
import { readPullSkill } from "@/lib/registry/pull";
import { cacheControlFor, respondJson } from "@/lib/registry/pull-http";
import { ZRegistrySkillParams } from "../schema";

export const GET = route({
  access: "registry",
  params: ZRegistrySkillParams,
  handler: async ({ req, access, params }) => respondJson(req, await readPullSkill(access!.workspace.id, params.name), cacheControlFor(access!.workspace.isPublic, "short")),
});
