import { route } from "@/lib/http/route";
import { getVersionFiles } from "@/lib/registry/skills-store";
import { ZVersionParams } from "../../../schema";

export const GET = route({
  access: "viewer",
  params: ZVersionParams,
  handler: async ({ access, params }) => await getVersionFiles(access!.workspace.id, params.name, params.version),
});
