import { route } from "@/lib/http/route";
import { chooseInConflict } from "@/lib/review/decide";
import { ZChoose, ZItemParams } from "../schema";

export const POST = route({
  access: "curator",
  params: ZItemParams,
  body: ZChoose,
  handler: async ({ access, principal, params, body }) => chooseInConflict(access!.workspace.id, params.id, body.version, principal),
});
