import { route } from "@/lib/http/route";
import { setTagProtection, ZTagProtection } from "@/lib/registry/tags";
import { ZTagParams } from "../../schema";

export const PUT = route({
  access: "admin",
  params: ZTagParams,
  body: ZTagProtection,
  handler: async ({ access, principal, params, body }) => await setTagProtection(access!, principal, params.name, params.tag, body),
});
