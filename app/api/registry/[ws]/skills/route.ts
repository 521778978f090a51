import { route } from "@/lib/http/route";
import { listPullSkills } from "@/lib/registry/pull";
import { cacheControlFor, respondJson } from "@/lib/registry/pull-http";
import { ZRegistryParams } from "./schema";

export const GET = route({
  access: "registry",
  params: ZRegistryParams,
  handler: async ({ req, access }) => respondJson(req, { skills: await listPullSkills(access!.workspace.id) }, cacheControlFor(access!.workspace.isPublic, "short")),
});
