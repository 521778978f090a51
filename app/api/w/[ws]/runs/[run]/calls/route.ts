import { z } from "zod";
import { route } from "@/lib/http/route";
import { listRunCalls, ZCallListQuery } from "@/lib/review/llm-calls";

// The run's recorded LLM calls (summaries; the prompt and response come with one call).
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), run: z.string().min(1).max(100) }),
  query: ZCallListQuery,
  handler: async ({ access, params, query }) => listRunCalls(access!.workspace.id, params.run, query),
});
