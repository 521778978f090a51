import { z } from "zod";
import { route } from "@/lib/http/route";
import { getMergeNode, getMergeTree } from "@/lib/distill/merge-tree";
import { findRun } from "@/lib/distill/run-detail";
import { ZRunParams } from "../schema";

// The tree (counts per node), or with ?node=<patch id> one node's edits with their support.
export const GET = route({
  access: "viewer",
  params: ZRunParams,
  query: z.object({ node: z.string().min(1).max(64).optional() }),
  handler: async ({ access, params, query }) => {
    await findRun(access!.workspace.id, params.run);
    return query.node ? { node: await getMergeNode(params.run, query.node) } : { tree: await getMergeTree(params.run) };
  },
});
