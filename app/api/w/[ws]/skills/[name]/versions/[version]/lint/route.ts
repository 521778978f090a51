import { route } from "@/lib/http/route";
import { lintVersion } from "@/lib/registry/skills-store";
import { ZVersionParams } from "../../../schema";

export const GET = route({
  access: "viewer",
  params: ZVersionParams,
  handler: async ({ access, params }) => await lintVersion(access!.workspace.id, params.name, params.version),
});
