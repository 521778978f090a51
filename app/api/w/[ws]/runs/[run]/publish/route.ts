import { z } from "zod";
import { route } from "@/lib/http/route";
import { BUMPS, draftPublish, publishRun, ZPublish } from "@/lib/registry/publish";

const ZParams = z.object({ ws: z.string(), run: z.string().min(1) });

/** The draft a publisher reviews: next versions per bump, the generated changelog, lint, the diff. */
export const GET = route({
  access: "viewer",
  params: ZParams,
  query: z.object({ bump: z.enum(BUMPS).default("minor") }),
  handler: async ({ access, params, query }) => draftPublish(access!.workspace.id, params.run, query.bump),
});

export const POST = route({
  access: "publisher",
  params: ZParams,
  body: ZPublish,
  status: 201,
  handler: async ({ access, params, body, principal }) => ({ version: await publishRun(access!.workspace.id, params.run, body, principal) }),
});
