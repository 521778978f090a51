import { route } from "@/lib/http/route";
import { previewProposal } from "@/lib/review/preview";
import { ZRunParams } from "../schema";

export const GET = route({
  access: "viewer",
  params: ZRunParams,
  handler: async ({ access, params }) => previewProposal(access!.workspace.id, params.run),
});
