import { route } from "@/lib/http/route";
import { setDeprecation, ZDeprecate } from "@/lib/registry/tags";
import { ZVersionParams } from "../../../schema";

export const PUT = route({
  access: "publisher",
  params: ZVersionParams,
  body: ZDeprecate,
  handler: async ({ access, principal, params, body }) => await setDeprecation(access!, principal, params.name, params.version, body.message),
});

export const DELETE = route({
  access: "publisher",
  params: ZVersionParams,
  handler: async ({ access, principal, params }) => await setDeprecation(access!, principal, params.name, params.version, null),
});
