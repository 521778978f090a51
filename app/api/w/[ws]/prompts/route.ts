import { z } from "zod";
import { route } from "@/lib/http/route";
import { listPromptCatalog, ZPromptQuery } from "@/lib/review/prompt-catalog";

// The prompt templates, read-only; ?run=<id> marks the versions that run recorded.
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string() }),
  query: ZPromptQuery,
  handler: async ({ access, query }) => listPromptCatalog(access!.workspace.id, query.run),
});
