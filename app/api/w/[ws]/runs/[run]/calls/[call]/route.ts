import { z } from "zod";
import { route } from "@/lib/http/route";
import { getRunCall } from "@/lib/review/llm-calls";

// One LLM call with its prompt messages and response.
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), run: z.string().min(1).max(100), call: z.string().min(1).max(100) }),
  handler: async ({ access, params }) => ({ call: await getRunCall(access!.workspace.id, params.run, params.call) }),
});
