import { route } from "@/lib/http/route";
import { deleteTag, setTag, ZSetTag } from "@/lib/registry/tags";
import { ZTagParams } from "../schema";

// Publishers create and move tags; a protected tag answers 403 unless the caller is an admin.
export const PUT = route({
  access: "publisher",
  params: ZTagParams,
  body: ZSetTag,
  handler: async ({ access, principal, params, body }) => await setTag(access!, principal, params.name, params.tag, body),
});

export const DELETE = route({
  access: "publisher",
  params: ZTagParams,
  handler: async ({ access, principal, params }) => await deleteTag(access!, principal, params.name, params.tag),
});
