import { route } from "@/lib/http/route";
import { addComment, listComments, ZNewComment } from "@/lib/review/comments";
import { ZItemParams } from "../schema";

export const GET = route({
  access: "viewer",
  params: ZItemParams,
  handler: async ({ access, params }) => ({ comments: await listComments(access!.workspace.id, params.id) }),
});

export const POST = route({
  access: "curator",
  params: ZItemParams,
  body: ZNewComment,
  status: 201,
  handler: async ({ access, principal, params, body }) => ({ comment: await addComment(access!.workspace.id, params.id, body, principal) }),
});
