import { route } from "@/lib/http/route";
import { readLineProvenance, ZLineQuery } from "@/lib/registry/line-provenance";
import { ZVersionParams } from "../../../schema";

export const GET = route({
  access: "viewer",
  params: ZVersionParams,
  query: ZLineQuery,
  handler: async ({ access, params, query }) => await readLineProvenance(access!.workspace.id, params.name, params.version, query),
});
